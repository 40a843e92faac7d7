import * as React from "react";
import { getId, MessageBar, MessageBarButton, MessageBarType, Stack, Text, Toggle } from "@fluentui/react";
import { ControlView } from "../presentation/viewModel";
import { ConfirmChangeDialog } from "./ConfirmChangeDialog";
import { MessageList } from "./MessageList";

export interface AccessModeViewProps {
    view: ControlView;
    onToggle: () => void;
    onUndo: () => void;
    onConfirm: () => void;
    onCancel: () => void;
    onAcknowledge: (checked: boolean) => void;
}

const VISUALLY_HIDDEN: React.CSSProperties = {
    position: "absolute",
    width: 1,
    height: 1,
    margin: -1,
    padding: 0,
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    border: 0,
};

/** Renders the field: current mode, the guarded toggle, why it is locked, seats, notices, the unsaved change and the dialog. */
export const AccessModeView = React.memo(function AccessModeView({ view, onToggle, onUndo, onConfirm, onCancel, onAcknowledge }: AccessModeViewProps) {
    const [lockId] = React.useState(() => getId("amc-lock"));
    return (
        <Stack tokens={{ childrenGap: 6 }} className="amc-root">
            <Text>
                <span>{view.caption}: </span>
                <strong data-testid="amc-mode">{view.modeLabel}</strong>
            </Text>
            <Toggle
                label={view.toggleLabel}
                onText={view.toggleOnText}
                offText={view.toggleOffText}
                checked={view.toggleChecked}
                disabled={view.toggleDisabled}
                onChange={onToggle}
                aria-describedby={view.lockMessage === null ? undefined : lockId}
            />
            {view.lockMessage !== null && (
                <Text id={lockId} variant="small">
                    {view.lockMessage}
                </Text>
            )}
            {view.seatsText !== null && <Text variant="small">{view.seatsText}</Text>}
            <MessageList messages={view.messages} />
            {view.pending !== null && (
                <MessageBar
                    messageBarType={MessageBarType.warning}
                    isMultiline
                    delayedRender={false}
                    actions={<MessageBarButton text={view.pending.undoLabel} onClick={onUndo} />}
                >
                    {view.pending.text}
                </MessageBar>
            )}
            <div role="status" aria-live="polite" data-testid="amc-announcement" style={VISUALLY_HIDDEN}>
                {view.announcement}
            </div>
            {view.dialog !== null && <ConfirmChangeDialog dialog={view.dialog} onConfirm={onConfirm} onCancel={onCancel} onAcknowledge={onAcknowledge} />}
        </Stack>
    );
});
