/**
 * A typed, reusable PCF context for tests: options, security, mode, userSettings, webAPI and resources
 * (read from the real 1033 resx, so a missing string shows up as a failing test).
 */
import * as path from "path";
import { readResx } from "../../tools/resx";
import { IInputs } from "../../AccessModeControl/generated/ManifestTypes";
import { createTranslator, Translate } from "../../AccessModeControl/presentation/strings";

export const ADMIN_ID = "{6A1B2C3D-0000-4000-8000-00000000AD01}";
export const OTHER_USER_ID = "5f0e9c1a-1111-4222-8333-444455556666";

export const BUILT_IN_OPTIONS: ComponentFramework.PropertyHelper.OptionMetadata[] = [
    { Value: 0, Label: "Read-Write", Color: "" },
    { Value: 1, Label: "Administrative", Color: "" },
    { Value: 2, Label: "Read", Color: "" },
    { Value: 3, Label: "Support User", Color: "" },
    { Value: 4, Label: "Non-interactive", Color: "" },
    { Value: 5, Label: "Delegated Admin", Color: "" },
];

/** The column's labels as a German environment has them. */
export const GERMAN_OPTIONS: ComponentFramework.PropertyHelper.OptionMetadata[] = [
    "Lesen/Schreiben",
    "Administrativ",
    "Lesen",
    "Supportbenutzer",
    "Nicht interaktiv",
    "Delegierter Administrator",
].map((Label, Value) => ({ Value, Label, Color: "" }));

export interface ContextOptions {
    value?: number | null;
    /** Option metadata of the column; null for the harness, which has none. */
    options?: ComponentFramework.PropertyHelper.OptionMetadata[] | null;
    security?: { editable?: boolean; readable?: boolean; secured?: boolean };
    isControlDisabled?: boolean;
    /** Record id as the form gives it; null on a create form. */
    entityId?: string | null;
    userId?: string;
    defaultInteractiveMode?: "0" | "1" | null;
    webAPI?: Partial<ComponentFramework.WebApi>;
    lcid?: number;
    /** The user's language is right to left. */
    rtl?: boolean;
    /**
     * The record's Modified On as the form passes it to the bound modifiedOn property; null when the form does not bind it.
     * By default LOADED_AT for a record, null on a create form (entityId null): a record not created yet has none.
     */
    modifiedOn?: Date | null;
    /** context.navigation.openUrl; null for a host without it (the test harness). */
    openUrl?: ((url: string) => void) | null;
    /** The current model-driven app (context.page.appId, undocumented). */
    appId?: string;
    /** The app's modern look (context.fluentDesignLanguage, see fluentDesign.ts); absent in the classic look. */
    fluentDesignLanguage?: ComponentFramework.FluentDesignState;
}

/** The record's Modified On when the form loaded it (the default), and after a save. */
export const LOADED_AT = new Date(Date.UTC(2026, 10, 30, 9, 0));
export const SAVED_AT = new Date(Date.UTC(2026, 11, 1, 10, 15));

export type TestContext = ComponentFramework.Context<IInputs>;

const stringCache = new Map<number, Record<string, string>>();

/** Reads a resx file of the control as key → text. */
export function loadStrings(lcid = 1033): Record<string, string> {
    const cached = stringCache.get(lcid);
    if (cached) return cached;
    const strings = readResx(path.join(__dirname, "../../AccessModeControl/strings", `AccessModeControl.${lcid}.resx`));
    stringCache.set(lcid, strings);
    return strings;
}

/** The control's own translator over a language's resx: the one way tests spell the texts they expect. */
export function translator(lcid = 1033): Translate {
    const strings = loadStrings(lcid);
    return createTranslator((key) => strings[key]);
}

/** A webAPI that rejects like the pcf-start harness unless a handler is given. */
export function rejectingWebApi(): ComponentFramework.WebApi {
    const reject = (): Promise<never> => Promise.reject(new Error("Method not supported in the test harness."));
    return {
        createRecord: reject,
        updateRecord: reject,
        deleteRecord: reject,
        retrieveRecord: reject,
        retrieveMultipleRecords: reject,
    } as unknown as ComponentFramework.WebApi;
}

export function createContext(options: ContextOptions = {}): TestContext {
    const strings = loadStrings(options.lcid ?? 1033);
    const value = options.value === undefined ? 0 : options.value;
    const entityId = options.entityId === undefined ? OTHER_USER_ID : options.entityId;
    const accessMode = {
        raw: value,
        formatted: value === null ? "" : String(value),
        error: false,
        errorMessage: "",
        type: "OptionSet",
        attributes:
            options.options === null ? undefined : { Options: options.options ?? BUILT_IN_OPTIONS, DefaultValue: 0 },
        security: options.security ? { editable: true, readable: true, secured: true, ...options.security } : undefined,
    } as unknown as ComponentFramework.PropertyTypes.OptionSetProperty;
    const defaultInteractiveMode = {
        raw: options.defaultInteractiveMode === undefined ? "0" : options.defaultInteractiveMode,
        type: "Enum",
    } as unknown as ComponentFramework.PropertyTypes.EnumProperty<"0" | "1">;
    const modifiedOn = {
        raw: options.modifiedOn === undefined ? (entityId === null ? null : LOADED_AT) : options.modifiedOn,
        type: "DateAndTime.DateAndTime",
    } as unknown as ComponentFramework.PropertyTypes.DateTimeProperty;
    return {
        parameters: { accessMode, modifiedOn, defaultInteractiveMode },
        mode: {
            isControlDisabled: options.isControlDisabled ?? false,
            isVisible: true,
            label: "Access Mode",
            allocatedHeight: "-1",
            allocatedWidth: "400",
            contextInfo:
                entityId === null
                    ? { entityId: "", entityTypeName: "systemuser" }
                    : { entityId, entityTypeName: "systemuser" },
            setControlState: () => true,
            setFullScreen: () => undefined,
            trackContainerResize: () => undefined,
        },
        userSettings: {
            userId: options.userId ?? ADMIN_ID,
            languageId: options.lcid ?? 1033,
            isRTL: options.rtl ?? false,
        },
        navigation: options.openUrl === null ? {} : { openUrl: options.openUrl ?? (() => undefined) },
        page: options.appId === undefined ? undefined : { appId: options.appId },
        resources: { getString: (key: string) => strings[key] ?? key },
        webAPI: { ...rejectingWebApi(), ...options.webAPI },
        updatedProperties: [],
        fluentDesignLanguage: options.fluentDesignLanguage,
    } as unknown as TestContext;
}
