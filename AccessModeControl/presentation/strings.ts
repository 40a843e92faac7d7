import { nonBlank } from "../domain/text";

/** Every string key the control's UI uses; each exists in every strings/*.resx file (a test checks both directions). */
export type StringKey =
    | "Mode_0"
    | "Mode_1"
    | "Mode_2"
    | "Mode_3"
    | "Mode_4"
    | "Mode_5"
    | "Mode_Unknown"
    | "Mode_Empty"
    | "Caption_CurrentMode"
    | "Toggle_Label"
    | "Toggle_On"
    | "Toggle_Off"
    | "Masked_Value"
    | "Lock_Masked"
    | "Lock_ReadOnly"
    | "Lock_SupportUser"
    | "Lock_DelegatedAdmin"
    | "Lock_UnknownValue"
    | "Lock_ApplicationUser"
    | "Lock_ApplicationUserUnknown"
    | "Lock_OwnRecordUnknown"
    | "Seats_InUse"
    | "Seats_InUseAssumed"
    | "Seats_InUseOnceSaved"
    | "Seats_InUseOnceSavedAssumed"
    | "Seats_Checking"
    | "Seats_Unavailable"
    | "Seats_ShowUsers"
    | "Facts_Unavailable"
    | "Action_Retry"
    | "Notice_AdministrativeExplained"
    | "Notice_LicenceStillAssigned"
    | "Pending_Text"
    | "Pending_TextUnknownSave"
    | "Pending_Undo"
    | "Dialog_TitleToNonInteractive"
    | "Dialog_TitleToInteractive"
    | "Dialog_TitleRefusedOwnRecord"
    | "Dialog_TitleRefusedSeatsFull"
    | "Dialog_ThisUser"
    | "Dialog_NewUser"
    | "Dialog_Summary"
    | "Dialog_SummaryRefused"
    | "Dialog_ChoiceLabel"
    | "Choice_Earlier"
    | "Dialog_Checking"
    | "Dialog_Confirm"
    | "Dialog_Cancel"
    | "Dialog_Close"
    | "Ack_SeatsUnchecked"
    | "Ack_UnlicensedWillBeDisabled"
    | "Ack_LicenceUnchecked"
    | "Consequence_NoUiAccess"
    | "Consequence_SeatTaken"
    | "Consequence_SeatTakenAssumed"
    | "Consequence_SeatFreed"
    | "Consequence_SeatFreedAssumed"
    | "Consequence_SeatsUnchecked"
    | "Consequence_DisabledTakesNoSeat"
    | "Consequence_LicencePath"
    | "Consequence_FromAdministrative"
    | "Consequence_RegainsUiAccess"
    | "Consequence_RegainsUiAccessWhenEnabled"
    | "Consequence_AdministrativeNeedsNoLicence"
    | "Consequence_NeedsLicence"
    | "Consequence_UnlicensedWillBeDisabled"
    | "Consequence_LicenceUnchecked"
    | "Consequence_ActiveSeats"
    | "Refusal_OwnRecord"
    | "Refusal_OwnRecordInteractive"
    | "Refusal_SeatsFull"
    | "Announce_Cancelled"
    | "Announce_Confirmed"
    | "Announce_Undone"
    | "Announce_PremiseChanged"
    | "Announce_Saved"
    | "Error_Timeout"
    | "Error_Http"
    | "Error_HttpWithMessage"
    | "Error_Server"
    | "Error_Unavailable"
    | "Error_BadResponse"
    | "Error_Network"
    | "Error_Render";

export type Translate = (key: StringKey, ...args: (string | number)[]) => string;

/**
 * Wraps the platform's resource lookup with positional {0}, {1} … placeholders. A string the lookup cannot give (it throws,
 * or gives no text) is shown as its key, as `getString` itself does for a key it lacks (Learn: resources.getString): a
 * missing string never blanks the control. The English texts are not bundled as a fallback: 7.7 KB would break the bundle
 * budget. test/strings.test.ts proves every language carries every key, and should a build lack one all the same, the packer
 * writes the English text into that language's resx (tools/pack/controlStrings.ts).
 */
export function createTranslator(getString: (key: string) => unknown): Translate {
    return (key, ...args) =>
        textOf(getString, key).replace(/\{(\d+)\}/g, (placeholder, index: string) => {
            const arg = args[Number(index)];
            return arg === undefined ? placeholder : String(arg);
        });
}

function textOf(getString: (key: string) => unknown, key: StringKey): string {
    try {
        return nonBlank(getString(key)) ?? key;
    } catch {
        return key;
    }
}

/**
 * The key of a string named after a rule's kind, ("Lock", "readOnly") → "Lock_ReadOnly". The result type is checked against
 * StringKey wherever it is translated, so a kind without its string does not compile.
 */
export function kindKey<P extends string, K extends string>(prefix: P, kind: K): `${P}_${Capitalize<K>}` {
    return `${prefix}_${kind.charAt(0).toUpperCase()}${kind.slice(1)}` as `${P}_${Capitalize<K>}`;
}
