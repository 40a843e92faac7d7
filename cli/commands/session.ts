/** What every command gets: the Web API client, the output, the streams; and the steps `set` and `create` share around a write. */
import { ChangePlan, Consequence, Refusal } from "../../AccessModeControl/domain/accessMode";
import { CheckFailure } from "../../AccessModeControl/dataverse/responses";
import {
    acknowledgementText,
    consequenceMessage,
    describeFailure,
    refusalMessage,
} from "../../AccessModeControl/presentation/viewModel";
import { AmcError, ExitCode, failed, refused, sentence, usage } from "../errors";
import { Output, Streams } from "../output";
import { isInteractive, Questions } from "../prompt";
import { label, texts } from "../texts";
import { WebApi } from "../webApi";

export interface Session {
    api: WebApi;
    out: Output;
    streams: Streams;
    /** The environment URL, as given (its origin). */
    origin: string;
    questions: Questions;
}

export interface WriteFlags {
    yes: boolean;
    acknowledge: boolean;
    dryRun: boolean;
}

/** The rules' refusal of a change, as the control's dialog words it, for one user. */
export function refusedChange(who: string, refusal: Refusal): AmcError {
    return refused(`${who}: ${refusalMessage(refusal, false, texts()).text}`);
}

/** Prints the consequences as the control's dialog words them, and returns them (with their severity) for the JSON result. */
export function showConsequences(
    out: Output,
    plan: ChangePlan,
): { kind: Consequence["kind"]; severity: string; text: string }[] {
    const shown = plan.consequences.map((c) => {
        const message = consequenceMessage(c, label, texts());
        return { kind: c.kind, severity: message.severity, text: message.text };
    });
    for (const c of shown) out.line(`  ${c.severity === "warning" ? "!" : "-"} ${c.text}`);
    return shown;
}

/**
 * The steps before a write, in the control's order: the acknowledgement the rules ask for (the dialog's checkbox), then
 * the confirmation (the dialog's Confirm). On a terminal both are asked; otherwise --acknowledge and --yes must say so.
 * Returns false for a dry run; throws when the write may not happen.
 */
export async function confirmWrite(
    session: Session,
    plan: ChangePlan,
    who: string,
    question: string,
    flags: WriteFlags,
): Promise<boolean> {
    const t = texts();
    const acknowledgement = plan.acknowledgement === null ? null : acknowledgementText(plan.acknowledgement, who, t);
    if (flags.dryRun) {
        if (acknowledgement !== null)
            session.out.line(`This change needs an acknowledgement (--acknowledge): ${acknowledgement}`);
        session.out.line("Dry run: nothing was changed.");
        return false;
    }
    const interactive = isInteractive(session.streams);
    if (acknowledgement !== null && !flags.acknowledge) {
        if (!interactive)
            throw refused(
                `Nothing was changed: the control's rules ask you to acknowledge this first — "${acknowledgement}" Run again with --acknowledge if you do`,
            );
        if (!(await session.questions.ask(acknowledgement))) throw cancelled();
    }
    if (flags.yes) return true;
    if (!interactive)
        throw usage(
            "Nothing was changed: standard input is not a terminal, so amc cannot ask for confirmation; run again with --yes to confirm the change",
        );
    if (!(await session.questions.ask(question))) throw cancelled();
    return true;
}

function cancelled(): AmcError {
    return new AmcError(ExitCode.Refused, texts()("Announce_Cancelled"));
}

/** Why a request failed, in the control's words, with amc's own detail of an answer it could not use. */
export function failureText(error: CheckFailure): string {
    const why = describeFailure(error, texts());
    return error.kind === "badResponse" && error.detail !== null ? `${why}: ${error.detail}` : why;
}

/**
 * Whether a write's failure leaves it open whether it was applied: no answer (timeout, dropped connection), an answer that
 * could not be read, a server error (5xx, a gateway's 502/504 above all) or a redirect. Any other answer is Dataverse's refusal.
 */
export function mayHaveBeenApplied(error: CheckFailure): boolean {
    if (error.kind !== "http") return true;
    return error.status === null || error.status >= 500 || (error.status >= 300 && error.status < 400);
}

/** A write sent once: answered, or lost — its answer never came or said nothing about it, so it may have been applied. */
export type Sent<T> = { lost: false; value: T } | { lost: true; why: string };

/** Sends a write once. Dataverse's refusal is thrown, followed by what it means; a lost answer is returned, to be checked. */
export async function sendOnce<T>(
    write: () => Promise<T>,
    words: { refused: string; afterRefusal: string },
): Promise<Sent<T>> {
    try {
        return { lost: false, value: await write() };
    } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        const why = failureText(error);
        if (mayHaveBeenApplied(error)) return { lost: true, why };
        throw failed(`${sentence(`Dataverse refused ${words.refused}: ${why}`)} ${words.afterRefusal}`);
    }
}
