/** `amc create`: a new user, non-interactive from the start (dataverse-facts §11), refused when no seat is free. */
import { AccessMode, normalizeId, planChange } from "../../AccessModeControl/domain/accessMode";
import { findBusinessUnit, isGuid, readSeats, readUser } from "../dataverse";
import { ExitCode, usage } from "../errors";
import { creationSituation } from "../rules";
import { label, texts } from "../texts";
import { confirmWrite, refusedChange, sendWrite, Session, showConsequences, WriteFlags } from "./session";
import { userJson } from "./status";

interface NewUser {
    first: string;
    last: string;
    businessUnit: string;
    objectId?: string;
    upn?: string;
}

const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The Web API body of the new user: access mode 4, the names, the business unit and the directory identity. */
function newUserRecord(user: NewUser, businessUnitId: string): Record<string, unknown> {
    return {
        accessmode: AccessMode.NonInteractive,
        firstname: user.first,
        lastname: user.last,
        "businessunitid@odata.bind": `/businessunits(${businessUnitId})`,
        ...(user.objectId !== undefined ? { azureactivedirectoryobjectid: user.objectId } : { domainname: user.upn, internalemailaddress: user.upn }),
    };
}

function alternative(user: NewUser): string {
    const oid = user.objectId ?? "<Entra object id>";
    return (
        `The documented alternative: add the user to the environment in the Power Platform admin center (the environment → Users → Add user), ` +
        `or with PowerShell: Add-AdminPowerAppsSyncUser -EnvironmentName <environment id> -PrincipalObjectId ${oid}; ` +
        `then make it non-interactive with \`amc set ${user.upn ?? "<user>"} non-interactive\`.`
    );
}

export async function create(session: Session, typed: NewUser, flags: WriteFlags): Promise<number> {
    const { api, out } = session;
    const t = texts();
    if ((typed.objectId === undefined) === (typed.upn === undefined)) throw usage("Give the user's directory identity: either --object-id <Entra object id> or --upn <user principal name>");
    if (typed.objectId !== undefined && !isGuid(typed.objectId)) throw usage(`--object-id must be an Entra object id (a GUID), not "${typed.objectId}"`);
    // Dataverse wants the bare GUID ({…} or spaces around it are a 400); lower case, as it writes ids.
    const user = typed.objectId === undefined ? typed : { ...typed, objectId: normalizeId(typed.objectId)! };
    if (user.upn !== undefined && !UPN.test(user.upn)) throw usage(`--upn must be a user principal name like name@contoso.com, not "${user.upn}"`);
    for (const [option, value] of [["--first", user.first], ["--last", user.last]]) if (value.trim() === "") throw usage(`${option} must not be empty`);

    const [unit, seats] = await Promise.all([findBusinessUnit(api, user.businessUnit), readSeats(api)]);
    const plan = planChange(creationSituation(seats), AccessMode.NonInteractive)!;
    const who = `${user.first} ${user.last}`;
    if (plan.refusal !== null) throw refusedChange(who, plan.refusal);

    const record = newUserRecord(user, unit.id);
    out.line(`New user ${who} (${user.upn ?? user.objectId}) in business unit ${unit.name}, Access Mode Non-interactive:`);
    const consequences = showConsequences(out, plan);
    const result = { record, businessUnit: unit, consequences, acknowledgement: plan.acknowledgement, dryRun: flags.dryRun };
    if (!(await confirmWrite(session, plan, t("Dialog_NewUser"), `Create ${who} as a non-interactive user?`, flags))) {
        out.result({ ...result, created: false });
        return ExitCode.Done;
    }

    const id = await sendWrite(() => api.create("systemusers", record), {
        sent: "The new user",
        mayHaveHappened: "It may or may not exist now: look for it with `amc status` before trying again.",
        refused: "to create the user",
        afterRefusal: alternative(user),
    });
    const created = await readUser(api, id);
    out.result({ ...result, created: true, user: userJson(created) });
    out.line(`Created ${who}: id ${id}, Access Mode ${label(created.accessMode)}, ${created.isDisabled ? "disabled" : "enabled"}.`);
    if (created.isDisabled) out.line(`Dataverse created the user disabled (isdisabled = true), as it may for a user created directly. ${alternative(user)}`);
    out.line("Next steps:");
    out.line("  1. Give the user a security role: Power Platform admin center → the environment → Users → the user → Manage security roles.");
    out.line("  2. A non-interactive user needs no licence: if the directory assigns one, remove it in the Microsoft 365 admin center.");
    out.line(`  3. After the next directory sync, check that the user is still Non-interactive: amc status --url ${session.origin}`);
    return ExitCode.Done;
}
