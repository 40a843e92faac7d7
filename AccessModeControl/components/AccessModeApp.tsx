import * as React from "react";
import { isWritableValue } from "../domain/accessMode";
import { editSessionReducer, startSession } from "../domain/editSession";
import { assess, ControlInputs, describeFailure, mayConfirm, presentControl } from "../presentation/viewModel";
import { Translate } from "../presentation/strings";
import { AccessModeView } from "./AccessModeView";
import { CheckSource, useChecks } from "./useChecks";

export interface AccessModeAppProps {
    inputs: ControlInputs;
    source: CheckSource;
    t: Translate;
    /** Called only with a value the admin confirmed (or the saved value on Undo). */
    onValueChange: (value: number) => void;
}

/** Wires the pure rules, the edit session and the Dataverse checks to the view. Re-renders only when its inputs change. */
export const AccessModeApp = React.memo(function AccessModeApp({ inputs, source, t, onValueChange }: AccessModeAppProps) {
    const [session, dispatch] = React.useReducer(editSessionReducer, inputs, (i) => startSession(i.value, i.recordId));
    const describe = React.useCallback((error: unknown) => describeFailure(error, t), [t]);
    const changeable = !inputs.masked && inputs.editable && isWritableValue(inputs.value);
    const checks = useChecks(source, inputs.recordId, !inputs.masked && inputs.recordId !== null, changeable, describe);

    React.useEffect(() => dispatch({ type: "observed", value: inputs.value, recordId: inputs.recordId }), [inputs.value, inputs.recordId]);

    const assessment = assess(inputs, session, checks);
    const premiseLost = session.dialog !== null && assessment.dialog === null;
    React.useEffect(() => {
        if (premiseLost) dispatch({ type: "premiseLost" });
    }, [premiseLost]);

    const latest = React.useRef({ assessment, session, onValueChange });
    latest.current = { assessment, session, onValueChange };

    const handlers = React.useMemo(
        () => ({
            onToggle: () => {
                const { assessment: { plan }, session: s } = latest.current;
                if (plan && !s.dialog) dispatch({ type: "requested", change: { from: plan.from, to: plan.to } });
            },
            onConfirm: () => {
                const { assessment: current, onValueChange: write } = latest.current;
                if (!current.dialog || !mayConfirm(current)) return;
                dispatch({ type: "confirmed" });
                write(current.dialog.to);
            },
            onCancel: () => dispatch({ type: "dismissed" }),
            onAcknowledge: (checked: boolean) => dispatch({ type: "acknowledged", value: checked }),
            onUndo: () => {
                const { session: s, onValueChange: write } = latest.current;
                if (!s.pending) return;
                dispatch({ type: "undone" });
                write(s.pending.from);
            },
        }),
        [],
    );

    const view = presentControl(inputs, session, checks, assessment, t);
    return <AccessModeView view={view} {...handlers} />;
});
