import * as React from "react";
import { IIconProps, MessageBar, MessageBarButton, MessageBarType, Stack } from "@fluentui/react";
import { ActionKind, Message } from "../presentation/viewModel";

// Fluent 8's MessageBar gives warnings the information icon; a warning must not look like a note.
const WARNING_ICON: IIconProps = { iconName: "Warning" };

export interface MessageListProps {
    messages: readonly Message[];
    onAction: (kind: ActionKind) => void;
}

export const MessageList = React.memo(function MessageList({ messages, onAction }: MessageListProps) {
    if (messages.length === 0) return null;
    return (
        <Stack tokens={{ childrenGap: 4 }}>
            {messages.map(({ id, severity, text, action }) => (
                <MessageBar
                    key={id}
                    messageBarType={MessageBarType[severity]}
                    messageBarIconProps={severity === "warning" ? WARNING_ICON : undefined}
                    delayedRender={false}
                    actions={action && <MessageBarButton text={action.label} onClick={() => onAction(action.kind)} />}
                >
                    {text}
                </MessageBar>
            ))}
        </Stack>
    );
});
