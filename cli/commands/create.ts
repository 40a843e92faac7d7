/**
 * `amc create`: a new user, non-interactive from the start (dataverse-facts §11, §12): refused when a user with that UPN
 * exists or no seat is free; after an answer that does not say whether it was created, the user is looked up before
 * anything is said.
 */
import { AccessMode, Consequence, planChange } from "../../AccessModeControl/domain/accessMode";
import { CheckFailure } from "../../AccessModeControl/dataverse/responses";
import { describeFailure } from "../../AccessModeControl/presentation/viewModel";
import { findBusinessUnit, readSeats, readUser, usersNamed } from "../dataverse";
import { AmcError, ExitCode, failed, refused, sentence, usage } from "../errors";
import { creationSituation, User } from "../rules";
import { label, texts } from "../texts";
import { confirmWrite, mayHaveBeenApplied, refusedChange, Session, showConsequences, WriteFlags } from "./session";
import { userJson } from "./status";

interface NewUser {
    first: string;
    last: string;
    businessUnit: string;
    upn: string;
}

/** The characters Entra allows in a user principal name (Learn, "Password policies and account restrictions in Microsoft Entra ID"). */
const UPN = /^[A-Za-z0-9'._!#^~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Dataverse's words when every non-interactive seat is taken; no error code is documented for it (dataverse-facts §12). */
const SEATS_FULL = /maximum number of non-interactive users/i;
const PRIVILEGE_DENIED = "0x80040220";
const DUPLICATE_RECORD = "0x80040237";

/** The Web API body of the new user: access mode 4, the names, the business unit, and the UPN as the required user name and email address. */
function newUserRecord(user: NewUser, businessUnitId: string): Record<string, unknown> {
    return {
        accessmode: AccessMode.NonInteractive,
        firstname: user.first,
        lastname: user.last,
        "businessunitid@odata.bind": `/businessunits(${businessUnitId})`,
        domainname: user.upn,
        internalemailaddress: user.upn,
    };
}

/** The admin center's way in, where a user created directly cannot be: it adds (and enables) a directory user. */
const ADMIN_CENTER_ROUTE =
    "add the user in the Power Platform admin center (the environment → Users → Add user) or with PowerShell (Add-AdminPowerAppsSyncUser -EnvironmentName <environment id> -PrincipalObjectId <the user's Entra object id>), which brings it in from the directory";

const SECURITY_GROUP =
    "the environment's security group, if one restricts access (Power Platform admin center → the environment → Edit → Security group)";

/** The user with this UPN exists: what it is, and the command that changes it instead. */
function exists(user: User, upn: string, meanwhile: string): AmcError {
    const who = user.fullName ?? upn;
    const next =
        user.accessMode === AccessMode.NonInteractive
            ? `it is non-interactive already; check it with \`amc check ${user.id}\``
            : `to make it non-interactive, run \`amc set ${user.id} non-interactive\``;
    return refused(
        `Nothing was created: a user with the user name ${upn} exists${meanwhile} — ${who}, id ${user.id}, Access Mode ${label(user.accessMode)}; ${next}`,
    );
}

/** Dataverse's refusal, and what to do about it by its cause. */
function refusal(error: CheckFailure): AmcError {
    const said = sentence(`Dataverse refused to create the user: ${describeFailure(error, texts())}`);
    if (SEATS_FULL.test(error.detail ?? "")) {
        return failed(
            `${said} Every non-interactive seat is taken: free one first (make a non-interactive user interactive again, or disable one that is no longer used), then try again`,
        );
    }
    if (error.code === PRIVILEGE_DENIED || error.status === 403) {
        return failed(
            `${said} The signed-in account may not create users here: it needs a security role with the Create privilege on the User table in this environment (System Administrator has it)`,
        );
    }
    return failed(
        `${said} Instead, ${ADMIN_CENTER_ROUTE}; then make it non-interactive with \`amc set <user principal name> non-interactive\``,
    );
}

export async function create(session: Session, user: NewUser, flags: WriteFlags): Promise<number> {
    const { api, out } = session;
    const t = texts();
    if (!UPN.test(user.upn))
        throw usage(`--upn must be a user principal name like name@contoso.com, not "${user.upn}"`);
    for (const [option, value] of [
        ["--first", user.first],
        ["--last", user.last],
    ])
        if (value.trim() === "") throw usage(`${option} must not be empty`);

    const [unit, existing] = await Promise.all([findBusinessUnit(api, user.businessUnit), usersNamed(api, user.upn)]);
    if (existing.length > 0) throw exists(existing[0], user.upn, "");
    const seats = await readSeats(api);
    const plan = planChange(creationSituation(seats), AccessMode.NonInteractive)!;
    const who = `${user.first} ${user.last}`;
    if (plan.refusal !== null) throw refusedChange(who, plan.refusal);

    const record = newUserRecord(user, unit.id);
    out.line(`New user ${who} (${user.upn}) in business unit ${unit.name}, Access Mode Non-interactive:`);
    out.line("  - It will sign in to the API and SDK only, never to the web interface or the admin portals.");
    // The control's other words are for an existing user ("can no longer sign in", "save this change"): only the seats apply.
    const kept: readonly Consequence["kind"][] = ["seatsAfterChange", "seatsUnchecked", "activeSeats"];
    const consequences = showConsequences(out, {
        ...plan,
        consequences: plan.consequences.filter((c) => kept.includes(c.kind)),
    });
    const result = {
        record,
        businessUnit: unit,
        consequences,
        acknowledgement: plan.acknowledgement,
        dryRun: flags.dryRun,
    };
    if (!(await confirmWrite(session, plan, t("Dialog_NewUser"), `Create ${who} as a non-interactive user?`, flags))) {
        out.result({ ...result, created: false });
        return ExitCode.Done;
    }

    const created = await createUser(session, user, record);
    out.result({ ...result, created: true, user: userJson(created) });
    out.line(
        `Created ${who}: id ${created.id}, Access Mode ${label(created.accessMode)}, ${created.isDisabled ? "disabled" : "enabled"}.`,
    );
    if (created.isDisabled) {
        out.line(
            `Dataverse created ${who} disabled: it enables a directory user only when the user may use this environment — a member of ${SECURITY_GROUP}, and licensed unless it is non-interactive. ` +
                `Check that ${user.upn} is an Entra user in that group; or ${ADMIN_CENTER_ROUTE}.`,
        );
    }
    out.line("Next steps:");
    out.line(
        "  1. Give the user a security role: Power Platform admin center → the environment → Users → the user → Manage security roles.",
    );
    out.line(`  2. Add the user to ${SECURITY_GROUP}: Dataverse disables a user outside it.`);
    out.line(
        "  3. A non-interactive user needs no licence: if the directory assigns one, remove it in the Microsoft 365 admin center.",
    );
    out.line(
        `  4. After the next directory sync, check that the user is still Non-interactive: amc check ${created.id} --expect non-interactive --wait 1h`,
    );
    return ExitCode.Done;
}

/**
 * POST systemusers once, and the user it made. An answer that does not say whether the user was created is followed by a
 * look-up by UPN, so that amc never advises creating again a user that exists; a duplicate is shown as the user it is.
 */
async function createUser(session: Session, user: NewUser, record: Record<string, unknown>): Promise<User> {
    const { api, out } = session;
    let id: string;
    try {
        id = await api.create("systemusers", record);
    } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        if (!mayHaveBeenApplied(error) && error.code !== DUPLICATE_RECORD) throw refusal(error);
        const why = describeFailure(error, texts());
        let found: User[];
        try {
            found = await usersNamed(api, user.upn);
        } catch (lookup) {
            if (!(lookup instanceof CheckFailure)) throw lookup;
            throw failed(
                `Dataverse's answer did not say whether ${user.upn} was created (${why}), and looking it up failed too (${describeFailure(lookup, texts())}). Check with \`amc check ${user.upn}\` before trying again`,
            );
        }
        if (error.code === DUPLICATE_RECORD) {
            if (found.length > 0) throw exists(found[0], user.upn, " (made since amc looked)");
            throw refusal(error);
        }
        if (found.length === 0)
            throw failed(
                `Dataverse's answer did not say whether ${user.upn} was created (${why}); it does not exist, so it was not created. Try again`,
            );
        out.note(
            `Dataverse's answer did not say whether ${user.upn} was created (${why}), but it exists: id ${found[0].id}.`,
        );
        return found[0];
    }
    try {
        return await readUser(api, id);
    } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        throw failed(
            `Dataverse created the user (id ${id}), but reading it back failed (${describeFailure(error, texts())}): check it with \`amc check ${id}\``,
        );
    }
}
