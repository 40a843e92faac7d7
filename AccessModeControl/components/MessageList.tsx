import * as React from "react";
import { MessageBar, MessageBarType, Stack } from "@fluentui/react";
import { Message, Severity } from "../presentation/viewModel";

const BAR_TYPES: Record<Severity, MessageBarType> = {
    info: MessageBarType.info,
    warning: MessageBarType.warning,
    error: MessageBarType.error,
};

export const MessageList = React.memo(function MessageList({ messages }: { messages: readonly Message[] }) {
    if (messages.length === 0) return null;
    return (
        <Stack tokens={{ childrenGap: 4 }}>
            {messages.map((message) => (
                <MessageBar key={message.id} messageBarType={BAR_TYPES[message.severity]} isMultiline delayedRender={false}>
                    {message.text}
                </MessageBar>
            ))}
        </Stack>
    );
});
