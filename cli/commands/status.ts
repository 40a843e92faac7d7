/** `amc status`: the seats, and every user whose access mode is not Read-Write. */
import { AccessMode } from "../../AccessModeControl/domain/accessMode";
import { readSeats, SeatCheck, userPages } from "../dataverse";
import { ExitCode } from "../errors";
import { User } from "../rules";
import { label, texts } from "../texts";
import { Session } from "./session";

/** The seat lines, in the control's words: "Non-interactive seats: 3 of 7 in use" (and the assumed limit, the licensed users). */
export function seatLines(seats: SeatCheck): string[] {
    const t = texts();
    if (seats.state === "failed") return [t("Seats_Unavailable", seats.reason)];
    const { nonInteractiveInUse, nonInteractiveLimit, limitAssumed, activeInUse, activeLimit } = seats.value;
    const lines = [t(limitAssumed ? "Seats_InUseAssumed" : "Seats_InUse", nonInteractiveInUse, nonInteractiveLimit)];
    if (activeInUse !== null && activeLimit !== null)
        lines.push(t("Consequence_ActiveSeats", activeInUse, activeLimit));
    return lines;
}

export function seatsJson(seats: SeatCheck): unknown {
    return seats.state === "done" ? { ...seats.value, text: seatLines(seats) } : { unavailable: seats.reason };
}

const yesNo = (value: boolean | null): string => (value === null ? "unknown" : value ? "yes" : "no");

const USER_HEADER = ["NAME", "USER NAME", "ACCESS MODE", "LICENSED", "DISABLED", "APPLICATION USER", "ID"];

function userCells(user: User): string[] {
    return [
        user.fullName ?? "",
        user.userName ?? "",
        label(user.accessMode),
        yesNo(user.isLicensed),
        yesNo(user.isDisabled),
        yesNo(user.isApplicationUser),
        user.id,
    ];
}

export function userJson(user: User): unknown {
    return { ...user, accessModeLabel: label(user.accessMode) };
}

export async function status(session: Session): Promise<number> {
    const { api, out } = session;
    const seats = await readSeats(api);
    const users: User[] = [];
    for await (const page of userPages(api, `accessmode ne ${AccessMode.ReadWrite}`)) {
        users.push(...page);
        out.progress(`Reading users… ${users.length}`);
    }
    out.clearProgress();
    out.result({ url: session.origin, seats: seatsJson(seats), users: users.map(userJson) });
    for (const line of seatLines(seats)) out.line(line);
    out.line();
    out.line(
        users.length === 0 ? "Every user is Read-Write." : `Users whose access mode is not Read-Write: ${users.length}`,
    );
    if (users.length > 0) out.table(USER_HEADER, users.map(userCells));
    return ExitCode.Done;
}
