import * as React from "react";
import { MessageBar, MessageBarButton, MessageBarType, Stack } from "@fluentui/react";
import { ActionKind, Message, Severity } from "../presentation/viewModel";

const BAR_TYPES: Record<Severity, MessageBarType> = {
    info: MessageBarType.info,
    warning: MessageBarType.warning,
    error: MessageBarType.error,
};

export interface MessageListProps {
    messages: readonly Message[];
    onAction: (kind: ActionKind) => void;
}

export const MessageList = React.memo(function MessageList({ messages, onAction }: MessageListProps) {
    if (messages.length === 0) return null;
    return (
        <Stack tokens={{ childrenGap: 4 }}>
            {messages.map((message) => (
                <MessageBar
                    key={message.id}
                    messageBarType={BAR_TYPES[message.severity]}
                    isMultiline
                    delayedRender={false}
                    actions={message.action && <MessageBarButton text={message.action.label} onClick={() => message.action && onAction(message.action.kind)} />}
                >
                    {message.text}
                </MessageBar>
            ))}
        </Stack>
    );
});
