/**
 * `amc set <user> <mode>`: the control's change, with its rules, consequences, acknowledgement and confirmation; then the
 * user is read back, and only what the read-back shows is reported — also when the write's answer was lost.
 */
import { kindKey } from "../../AccessModeControl/presentation/strings";
import { isSameUser, lockReason, planChange } from "../../AccessModeControl/domain/accessMode";
import { CheckFailure } from "../../AccessModeControl/dataverse/responses";
import { findUser, readSeats, readUser, signedInUserId, writeAccessMode } from "../dataverse";
import { ExitCode, failed, refused, sentence, usage } from "../errors";
import { shellCommand } from "../output";
import { MODE_NAMES, parseModeName, situationFor, User } from "../rules";
import { label, texts } from "../texts";
import { confirmWrite, failureText, refusedChange, sendOnce, Session, showConsequences, WriteFlags } from "./session";
import { userJson } from "./status";

export async function set(
    session: Session,
    userReference: string,
    modeName: string,
    flags: WriteFlags,
): Promise<number> {
    const { api, out } = session;
    const t = texts();
    const to = parseModeName(modeName);
    if (to === null)
        throw usage(`"${modeName}" is not an access mode amc sets; use one of ${Object.keys(MODE_NAMES).join(", ")}`);
    const [me, user, seats] = await Promise.all([signedInUserId(api), findUser(api, userReference), readSeats(api)]);
    const situation = situationFor(user, isSameUser(user.id, me), seats);
    const who = user.fullName ?? user.userName ?? user.id;

    const lock = lockReason(situation);
    if (lock !== null) throw refused(`${who}: ${t(kindKey("Lock", lock))}`);
    const plan = planChange(situation, to);
    if (plan === null) {
        out.result({ user: userJson(user), from: user.accessMode, to, changed: false });
        out.line(`${who} is ${label(to)} already: nothing to change.`);
        return ExitCode.Done;
    }
    if (plan.refusal !== null) throw refusedChange(who, plan.refusal);

    out.line(`${who} (${user.userName ?? user.id}): Access Mode ${label(plan.from)} → ${label(plan.to)}`);
    const consequences = showConsequences(out, plan);
    const question = `Change the access mode of ${who} from ${label(plan.from)} to ${label(plan.to)}?`;
    const result = {
        user: userJson(user),
        from: plan.from,
        to: plan.to,
        consequences,
        acknowledgement: plan.acknowledgement,
        dryRun: flags.dryRun,
    };
    if (!(await confirmWrite(session, plan, who, question, flags))) {
        out.result({ ...result, changed: false });
        return ExitCode.Done;
    }

    // The commands the texts suggest, quoted for a POSIX shell: the user as the admin named it.
    const mode = modeName.toLowerCase();
    const check = shellCommand("amc", "check", userReference.trim(), "--expect", mode, "--url", session.origin);
    const again = shellCommand("amc", "set", userReference.trim(), mode, "--url", session.origin);
    const sent = await sendOnce(() => writeAccessMode(api, user.id, plan.to), {
        refused: "the change",
        afterRefusal: "Nothing was changed.",
    });
    const after = await readBack(session, user, sent.lost ? sent.why : null, check);
    const lost = sent.lost ? ` (the server's answer was lost: ${sent.why})` : "";

    if (after.accessMode !== plan.to) {
        const now = label(after.accessMode);
        if (sent.lost && after.accessMode === plan.from)
            throw failed(
                `${sentence(`The change was not made${lost}: Access Mode of ${who} reads back as ${now}, not changed`)} To try again, run ${again}.`,
            );
        throw failed(
            `${sentence(`The change did not hold${lost}: Access Mode of ${who} reads back as ${now}, not ${label(plan.to)} (the directory sync may have reset it)`)} ${who} is ${now} now; to try again, run ${again}, and after the next sync check it with ${check}.`,
        );
    }
    out.result({ ...result, changed: true, answerLost: sent.lost, readBack: userJson(after), held: true, next: check });
    out.line(
        sent.lost
            ? `Done: Access Mode of ${who} is now ${label(after.accessMode)}${lost}; read back to confirm.`
            : `Done: Access Mode of ${who} now reads back as ${label(after.accessMode)}.`,
    );
    if (after.isDisabled === true && user.isDisabled !== true)
        out.line(
            `Dataverse has disabled ${who}: an unlicensed user switched to ${label(plan.to)} is disabled. Assign a licence in the Microsoft 365 admin center to enable it.`,
        );
    out.line(
        `Next: ${plan.to === MODE_NAMES["non-interactive"] ? "remove the user's licence in the Microsoft 365 admin center if it has one; once the directory sync has run" : "after the next directory sync"}, check that it held: ${check}`,
    );
    return ExitCode.Done;
}

/** The user as Dataverse has it after the write; when it cannot be read, what is known and what to run, as the error. */
async function readBack(session: Session, user: User, lostWhy: string | null, check: string): Promise<User> {
    const who = user.fullName ?? user.userName ?? user.id;
    try {
        return await readUser(session.api, user.id);
    } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        const why = failureText(error);
        if (lostWhy !== null)
            throw failed(
                `${sentence(`The change was sent but its answer was lost (${lostWhy}), and ${who} could not be read back (${why})`)} It may or may not have been made: check with ${check} before trying again.`,
            );
        throw failed(
            `${sentence(`Dataverse accepted the change, but ${who} could not be read back to confirm it (${why})`)} Check with ${check}.`,
        );
    }
}
