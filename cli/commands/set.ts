/** `amc set <user> <mode>`: the control's change, with its rules, consequences, acknowledgement and confirmation; then read back. */
import { kindKey } from "../../AccessModeControl/presentation/strings";
import { isSameUser, lockReason, planChange } from "../../AccessModeControl/domain/accessMode";
import { findUser, readSeats, readUser, signedInUserId, writeAccessMode } from "../dataverse";
import { ExitCode, refused, usage } from "../errors";
import { MODE_NAMES, parseModeName, situationFor } from "../rules";
import { label, texts } from "../texts";
import { confirmWrite, refusedChange, sendWrite, Session, showConsequences, WriteFlags } from "./session";
import { userJson } from "./status";

export async function set(session: Session, userReference: string, modeName: string, flags: WriteFlags): Promise<number> {
    const { api, out } = session;
    const t = texts();
    const to = parseModeName(modeName);
    if (to === null) throw usage(`"${modeName}" is not an access mode amc sets; use one of ${Object.keys(MODE_NAMES).join(", ")}`);
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
    const result = { user: userJson(user), from: plan.from, to: plan.to, consequences, acknowledgement: plan.acknowledgement, dryRun: flags.dryRun };
    if (!(await confirmWrite(session, plan, who, question, flags))) {
        out.result({ ...result, changed: false });
        return ExitCode.Done;
    }

    await sendWrite(() => writeAccessMode(api, user.id, plan.to), {
        sent: "The change",
        mayHaveHappened: "It may or may not have been made: check with `amc status` before trying again.",
        refused: "the change",
        afterRefusal: "Nothing was changed.",
    });
    const after = await readUser(api, user.id);
    const held = after.accessMode === plan.to;
    out.result({ ...result, changed: true, readBack: userJson(after), held });
    if (held) out.line(`Done: Access Mode of ${who} now reads back as ${label(after.accessMode)}.`);
    else out.note(`The change did not hold: Access Mode of ${who} reads back as ${label(after.accessMode)}, not ${label(plan.to)} (the directory sync may have reset it). Check again after the next sync with \`amc status\`.`);
    if (after.isDisabled === true && user.isDisabled !== true) out.line(`Dataverse has disabled ${who}: an unlicensed user switched to ${label(plan.to)} is disabled. Assign a licence in the Microsoft 365 admin center to enable it.`);
    return held ? ExitCode.Done : ExitCode.Failed;
}
