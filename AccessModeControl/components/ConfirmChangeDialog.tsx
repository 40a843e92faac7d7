import * as React from "react";
import {
    Checkbox,
    ChoiceGroup,
    DefaultButton,
    Dialog,
    DialogFooter,
    IButton,
    PrimaryButton,
    Spinner,
    SpinnerSize,
    Stack,
} from "@fluentui/react";
import { ActionKind, DialogView } from "../presentation/viewModel";
import { MessageList } from "./MessageList";

export interface ConfirmChangeDialogProps {
    dialog: DialogView;
    onChoose: (to: number) => void;
    onConfirm: () => void;
    onCancel: () => void;
    onAcknowledge: (checked: boolean) => void;
    onAction: (kind: ActionKind) => void;
}

const CANCEL_CLASS = "amc-dialog-cancel";

/** Asks before any change: what happens, what it means, and why it may be refused. Focus starts on Cancel (or Close). */
export const ConfirmChangeDialog = React.memo(function ConfirmChangeDialog({
    dialog,
    onChoose,
    onConfirm,
    onCancel,
    onAcknowledge,
    onAction,
}: ConfirmChangeDialogProps) {
    const cancel = React.useRef<IButton>(null);
    // Focus can be handed back to the toggle after the dialog mounts (restore from an earlier dialog, the key's own
    // activation), so move it to Cancel once that has settled — unless the admin has already moved within the dialog.
    React.useLayoutEffect(() => {
        const timer = setTimeout(() => {
            if (!document.activeElement?.closest('[role="dialog"]')) cancel.current?.focus();
        }, 0);
        return () => clearTimeout(timer);
    }, []);
    const messages = dialog.refusal === null ? dialog.consequences : [dialog.refusal];
    // Fluent's defaults hold the rest: the normal dialog type, and not blocking (a click outside cancels).
    return (
        <Dialog
            hidden={false}
            onDismiss={onCancel}
            dialogContentProps={{
                title: dialog.title,
                subText: dialog.summary,
                showCloseButton: true,
                closeButtonAriaLabel: dialog.closeLabel,
            }}
            modalProps={{ firstFocusableSelector: CANCEL_CLASS }}
            minWidth={360}
            maxWidth={560}
        >
            <Stack tokens={{ childrenGap: 8 }}>
                {dialog.checking !== null && (
                    <Spinner size={SpinnerSize.small} label={dialog.checking} labelPosition="right" />
                )}
                {dialog.choices !== null && (
                    <ChoiceGroup {...dialog.choices} onChange={(_, option) => option && onChoose(Number(option.key))} />
                )}
                <MessageList messages={messages} onAction={onAction} />
                {dialog.acknowledgement !== null && (
                    <Checkbox {...dialog.acknowledgement} onChange={(_, checked) => onAcknowledge(!!checked)} />
                )}
            </Stack>
            <DialogFooter>
                {dialog.confirm !== null && <PrimaryButton {...dialog.confirm} onClick={onConfirm} />}
                <DefaultButton
                    componentRef={cancel}
                    className={CANCEL_CLASS}
                    text={dialog.cancelLabel}
                    onClick={onCancel}
                />
            </DialogFooter>
        </Dialog>
    );
});
