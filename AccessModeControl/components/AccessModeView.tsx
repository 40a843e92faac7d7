import * as React from "react";
import { Fabric, getId, hiddenContentStyle, IPartialTheme, Stack, Text, ThemeProvider, Toggle } from "@fluentui/react";
import { ActionKind, ControlView } from "../presentation/viewModel";
import { ConfirmChangeDialog } from "./ConfirmChangeDialog";
import { MessageList } from "./MessageList";
import { SeatsLine } from "./SeatsLine";

export interface AccessModeViewProps {
    view: ControlView;
    rtl: boolean;
    theme: IPartialTheme | undefined;
    onToggle: () => void;
    onChoose: (to: number) => void;
    onConfirm: () => void;
    onCancel: () => void;
    onAcknowledge: (checked: boolean) => void;
    onAction: (kind: ActionKind) => void;
}

// Fluent's own screen-reader-only style (what its components use for their hidden texts).
const VISUALLY_HIDDEN = hiddenContentStyle as React.CSSProperties;

/** Renders the field: current mode, the guarded toggle, why it is locked, seats, notices, the confirmed change and the dialog. */
export const AccessModeView = React.memo(function AccessModeView({
    view,
    rtl,
    theme,
    onToggle,
    onChoose,
    onConfirm,
    onCancel,
    onAcknowledge,
    onAction,
}: AccessModeViewProps) {
    const [lockId] = React.useState(() => getId("amc-lock"));
    const content = (
        <Stack tokens={{ childrenGap: 6 }} className="amc-root">
            <Text>
                <span>{view.caption}: </span>
                <strong data-testid="amc-mode">{view.modeLabel}</strong>
            </Text>
            <Toggle
                {...view.toggle}
                onChange={onToggle}
                aria-describedby={view.lockMessage === null ? undefined : lockId}
            />
            {view.lockMessage !== null && (
                <Text id={lockId} variant="small">
                    {view.lockMessage}
                </Text>
            )}
            {view.seats !== null && <SeatsLine seats={view.seats} onAction={onAction} />}
            <MessageList messages={view.messages} onAction={onAction} />
            <div role="status" aria-live="polite" data-testid="amc-announcement" style={VISUALLY_HIDDEN}>
                {view.announcement}
            </div>
            {view.dialog !== null && (
                <ConfirmChangeDialog
                    dialog={view.dialog}
                    onChoose={onChoose}
                    onConfirm={onConfirm}
                    onCancel={onCancel}
                    onAcknowledge={onAcknowledge}
                    onAction={onAction}
                />
            )}
        </Stack>
    );
    // The theme reaches the dialog's layer too (React context crosses the portal). Fluent mirrors its components (the
    // dialog's layer included) inside a right-to-left Fabric.
    const themed = theme ? <ThemeProvider theme={theme}>{content}</ThemeProvider> : content;
    return rtl ? <Fabric dir="rtl">{themed}</Fabric> : themed;
});
