/** Ids and ready-made scenarios shared by the Dataverse and accessibility specs. */
import type { Page } from "@playwright/test";
import { FormState, organizationResources, Scenario, UserRecord } from "./dataverseServer";
import { modernDesign } from "./fluentDesign";

/** The signed-in admin, as context.userSettings.userId returns it in model-driven apps: braces, upper case. */
export const ADMIN_USER_ID = "{9E0B5C1A-3F2D-4C5E-8A7B-1D2E3F4A5B6C}";
/** The user record the form shows (contextInfo.entityId: lower case, no braces). */
export const RECORD_ID = "5f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5";

export const FACT_QUERY = "?$select=fullname,islicensed,isdisabled,applicationid";
export const COUNT_QUERY =
    "?$select=systemuserid&$filter=accessmode eq 4 and isdisabled eq false and applicationid eq null";

export const JANE: UserRecord = { fullname: "Jane Doe", islicensed: true, applicationid: null };

/** What the scripted host plays beyond the control's own inputs: the "User access" form around it (testkit/host). */
export interface HostForm extends FormState {
    /** Modified On as the form loaded it (ISO); null where the form does not bind it to the control. */
    modifiedOn?: string | null;
    /** Makes Save fail with this message: Modified On stays as it was. */
    saveFails?: string;
    languageId?: number;
    isRTL?: boolean;
    /** The current model-driven app (context.page.appId). */
    appId?: string;
    /** context.fluentDesignLanguage: the app's Fluent 2 theme (the modern look, the default here); undefined for the classic look. */
    fluentDesignLanguage?: ComponentFramework.FluentDesignState;
    /** The form's other, read-only fields. */
    display?: {
        domainname?: string;
        businessUnit?: string;
        isdisabled?: boolean;
        islicensed?: boolean;
        applicationid?: string;
    };
}

export const LOADED_AT = "2026-11-30T09:00:00.000Z";
export const JANE_DISPLAY: HostForm["display"] = {
    domainname: "jane.doe@contoso.com",
    businessUnit: "Contoso",
    isdisabled: false,
    islicensed: true,
};

export function form(value: number | null, overrides: Partial<HostForm> = {}): HostForm {
    return {
        value,
        entityId: RECORD_ID,
        userId: ADMIN_USER_ID,
        recordName: "Jane Doe",
        withOptionMetadata: true,
        modifiedOn: LOADED_AT,
        display: JANE_DISPLAY,
        fluentDesignLanguage: modernDesign(),
        ...overrides,
    };
}

/** A licensed Read-Write user in an environment with 3 of 7 non-interactive seats in use. */
export function seatsFree(overrides: Partial<Scenario> = {}): Scenario {
    return { form: form(0), record: JANE, organizationResources: organizationResources(3, 7), ...overrides };
}

export interface HostState {
    outputs: Record<string, unknown>[];
    value: number | null;
    updateViewCalls: number;
    openedUrls: string[];
    saves: number;
}

export function hostState(page: Page): Promise<HostState> {
    return page.evaluate(() => {
        const h = (window as unknown as { amcHost: HostState }).amcHost;
        return {
            outputs: h.outputs,
            value: h.value,
            updateViewCalls: h.updateViewCalls,
            openedUrls: h.openedUrls,
            saves: h.saves,
        };
    });
}
