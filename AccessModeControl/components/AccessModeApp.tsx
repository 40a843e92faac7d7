import * as React from "react";
import type { IPartialTheme } from "@fluentui/react";
import { isWritableValue, WritableMode } from "../domain/accessMode";
import { editSessionReducer, startSession } from "../domain/editSession";
import {
    ActionKind,
    assess,
    ControlInputs,
    describeFailure,
    mayConfirm,
    presentControl,
} from "../presentation/viewModel";
import { Translate } from "../presentation/strings";
import { AccessModeView } from "./AccessModeView";
import { CheckRounds, CheckSource, useChecks } from "./useChecks";

export interface AccessModeAppProps {
    inputs: ControlInputs;
    /** The app's modern theme; undefined keeps Fluent 8's own look. */
    theme: IPartialTheme | undefined;
    source: CheckSource;
    t: Translate;
    /** Called only with a value the admin confirmed (or the saved value on Undo). */
    onValueChange: (value: WritableMode) => void;
    /** Opens the Non-interactive Users view (only offered when `inputs.canOpenSeatsView`). */
    onOpenSeatsView: () => void;
}

const NO_RETRIES: CheckRounds = { facts: 0, seats: 0 };

/** Wires the pure rules, the edit session and the Dataverse checks to the view. Re-renders only when its inputs change. */
export const AccessModeApp = React.memo(function AccessModeApp({
    inputs,
    theme,
    source,
    t,
    onValueChange,
    onOpenSeatsView,
}: AccessModeAppProps) {
    const [session, dispatch] = React.useReducer(editSessionReducer, inputs, (i) =>
        startSession(i.value, i.recordId, i.modifiedOn),
    );
    const [retries, setRetries] = React.useState(NO_RETRIES);
    // Each detected save and each Retry is a new round: the only times a question is asked again.
    const rounds = React.useMemo(
        () => ({ facts: session.savesDetected + retries.facts, seats: session.savesDetected + retries.seats }),
        [session.savesDetected, retries],
    );
    const describe = React.useCallback((error: unknown) => describeFailure(error, t), [t]);
    const changeable =
        !inputs.masked && inputs.editable && isWritableValue(inputs.value) && inputs.isOwnRecord !== null;
    const checks = useChecks(
        source,
        inputs.recordId,
        !inputs.masked && inputs.recordId !== null,
        changeable,
        rounds,
        describe,
    );

    React.useEffect(
        () =>
            dispatch({
                type: "observed",
                value: inputs.value,
                recordId: inputs.recordId,
                modifiedOn: inputs.modifiedOn,
            }),
        [inputs.value, inputs.recordId, inputs.modifiedOn],
    );

    const assessment = assess(inputs, session, checks);
    const premiseLost = session.dialog !== null && assessment.dialog === null;
    React.useEffect(() => {
        if (premiseLost) dispatch({ type: "premiseLost" });
    }, [premiseLost]);

    // The handlers are made once (so the view's props never change because of them) and read the latest render through this.
    const current = { assessment, session, checks, onValueChange, onOpenSeatsView };
    const latest = React.useRef(current);
    latest.current = current;

    const handlers = React.useMemo(
        () => ({
            onToggle: () => {
                const {
                    assessment: { plan },
                    session: s,
                } = latest.current;
                if (plan && !s.dialog) dispatch({ type: "requested", change: { from: plan.from, to: plan.to } });
            },
            onChoose: (to: number) => dispatch({ type: "targetChosen", to }),
            onConfirm: () => {
                const { assessment: current, onValueChange: write } = latest.current;
                if (!current.dialog || !mayConfirm(current)) return;
                dispatch({ type: "confirmed" });
                write(current.dialog.to);
            },
            onCancel: () => dispatch({ type: "dismissed" }),
            onAcknowledge: (checked: boolean) => dispatch({ type: "acknowledged", value: checked }),
            onAction: (kind: ActionKind) => {
                const { assessment, checks: current, onValueChange: write, onOpenSeatsView: open } = latest.current;
                if (kind === "undo" && assessment.pending && assessment.undoable) {
                    dispatch({ type: "undone" });
                    write(assessment.pending.from);
                } else if (kind === "openSeatsView") open();
                else if (kind === "retryFacts" && current.facts.state === "failed")
                    setRetries((r) => ({ ...r, facts: r.facts + 1 }));
                else if (kind === "retrySeats" && current.seats.state === "failed")
                    setRetries((r) => ({ ...r, seats: r.seats + 1 }));
            },
        }),
        [],
    );

    const view = presentControl(inputs, session, assessment, t);
    return <AccessModeView view={view} rtl={inputs.rtl} theme={theme} {...handlers} />;
});
