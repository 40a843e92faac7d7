import * as React from "react";
import { Check, RecordFacts, SeatFigures } from "../domain/accessMode";
import { CheckFailure } from "../dataverse/responses";

/** The two questions the control asks Dataverse; each round of a question is answered once, and a new round asks again. */
export interface CheckSource {
    recordFacts(recordId: string, round: number): Promise<RecordFacts>;
    seats(round: number): Promise<SeatFigures>;
}

/** Which round of each question to follow: a Retry or a detected save moves it on. */
export interface CheckRounds {
    facts: number;
    seats: number;
}

const PENDING: Check<never> = { state: "pending" };
const SKIPPED: Check<never> = { state: "skipped" };

/**
 * Follows one cached question: pending until it settles, then done or failed; skipped when not asked.
 * A request abandoned because the control was destroyed sets no state.
 */
function useCheck<T>(ask: (() => Promise<T>) | null, describe: (error: unknown) => string): Check<T> {
    const [settled, setSettled] = React.useState<{ ask: () => Promise<T>; check: Check<T> } | null>(null);
    React.useEffect(() => {
        if (!ask) return undefined;
        let active = true;
        ask().then(
            (value) => active && setSettled({ ask, check: { state: "done", value } }),
            (error: unknown) => {
                if (active && !(error instanceof CheckFailure && error.kind === "aborted"))
                    setSettled({ ask, check: { state: "failed", reason: describe(error) } });
            },
        );
        return () => {
            active = false;
        };
    }, [ask, describe]);
    if (!ask) return SKIPPED;
    return settled?.ask === ask ? settled.check : PENDING;
}

export function useChecks(
    source: CheckSource,
    recordId: string | null,
    wantFacts: boolean,
    wantSeats: boolean,
    rounds: CheckRounds,
    describe: (error: unknown) => string,
): { facts: Check<RecordFacts>; seats: Check<SeatFigures> } {
    const askFacts = React.useMemo(
        () => (wantFacts && recordId !== null ? () => source.recordFacts(recordId, rounds.facts) : null),
        [source, recordId, wantFacts, rounds.facts],
    );
    const askSeats = React.useMemo(
        () => (wantSeats ? () => source.seats(rounds.seats) : null),
        [source, wantSeats, rounds.seats],
    );
    const facts = useCheck(askFacts, describe);
    const seats = useCheck(askSeats, describe);
    return React.useMemo(() => ({ facts, seats }), [facts, seats]);
}
