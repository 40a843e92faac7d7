import * as React from "react";
import type { IPartialTheme } from "@fluentui/react";
import { IInputs, IOutputs } from "./generated/ManifestTypes";
import { AccessModeApp, AccessModeAppProps } from "./components/AccessModeApp";
import { ControlErrorBoundary } from "./components/ControlErrorBoundary";
import { DataverseClient } from "./dataverse/DataverseClient";
import { nonInteractiveUsersViewUrl } from "./dataverse/navigation";
import { AccessMode, InteractiveMode, normalizeId, ownRecord, WritableMode } from "./domain/accessMode";
import { createTranslator, Translate } from "./presentation/strings";
import { themeFromDesign } from "./presentation/theme";
import { ControlInputs } from "./presentation/viewModel";

/** Adapts the PCF lifecycle: reads the context into plain inputs, hands them to React, and reports confirmed values. */
export class AccessModeControl implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    #notifyOutputChanged: () => void;
    #client: DataverseClient;
    #t: Translate;
    #inputs: ControlInputs | undefined;
    #design: ComponentFramework.FluentDesignState | undefined;
    /** The theme rendered, kept while the app's design is equal in content (the platform may pass it anew). */
    #theme: IPartialTheme | undefined;
    #themeKey = "";
    #element: React.ReactElement | undefined;
    #output: WritableMode | undefined;
    /** The latest context, read only when the admin follows the link to the Non-interactive Users view. */
    #context: ComponentFramework.Context<IInputs> | undefined;
    #destroyed = false;

    public init(context: ComponentFramework.Context<IInputs>, notifyOutputChanged: () => void): void {
        this.#notifyOutputChanged = notifyOutputChanged;
        this.#client = new DataverseClient({ webAPI: context.webAPI });
        this.#t = createTranslator((key) => context.resources.getString(key));
    }

    /**
     * Only builds props. Reading the context is cheap and done on every call (security and disabled flags change without
     * `updatedProperties` saying so); unchanged inputs return the very same element, so React skips it entirely.
     */
    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        const inputs = readInputs(context);
        const themeChanged = this.#readTheme(context.fluentDesignLanguage);
        this.#context = context;
        if (!this.#element || !this.#inputs || !sameInputs(this.#inputs, inputs) || themeChanged) {
            this.#inputs = inputs;
            const props: AccessModeAppProps = {
                inputs,
                theme: this.#theme,
                source: this.#client,
                t: this.#t,
                onValueChange: this.#onValueChange,
                onOpenSeatsView: this.#openSeatsView,
            };
            this.#element = React.createElement(
                ControlErrorBoundary,
                { describe: this.#describeRenderError },
                React.createElement(AccessModeApp, props),
            );
        }
        return this.#element;
    }

    public getOutputs(): IOutputs {
        return this.#output === undefined ? {} : { accessMode: this.#output };
    }

    public destroy(): void {
        this.#destroyed = true;
        this.#client.dispose();
    }

    /** Derives the theme again only for a new design object, and reports a change only when the theme's content changed. */
    #readTheme(design: ComponentFramework.FluentDesignState | undefined): boolean {
        if (design === this.#design) return false;
        this.#design = design;
        const theme = themeFromDesign(design);
        const key = JSON.stringify(theme) ?? "";
        if (key === this.#themeKey) return false;
        this.#themeKey = key;
        this.#theme = theme;
        return true;
    }

    readonly #describeRenderError = (message: string): string => this.#t("Error_Render", message);

    readonly #onValueChange = (value: WritableMode): void => {
        if (this.#destroyed) return;
        this.#output = value;
        this.#notifyOutputChanged();
    };

    readonly #openSeatsView = (): void => {
        const context = this.#context;
        if (this.#destroyed || typeof context?.navigation?.openUrl !== "function") return;
        context.navigation.openUrl(nonInteractiveUsersViewUrl(readAppId(context)));
    };
}

interface ContextInfo {
    entityId?: string;
}

/** `context.page` is undocumented: model-driven apps pass the current app's id there. */
function readAppId(context: ComponentFramework.Context<IInputs>): string | null {
    const page = (context as unknown as { page?: { appId?: unknown } }).page;
    return typeof page?.appId === "string" && page.appId !== "" ? page.appId : null;
}

function readInputs(context: ComponentFramework.Context<IInputs>): ControlInputs {
    const parameter = context.parameters.accessMode;
    const security = parameter.security;
    // contextInfo is undocumented, and no documented source of the record id exists: it holds the id on model-driven forms
    // (the test harness passes one too), none on create forms. Missing on an existing record, the rules lock (ownRecordUnknown).
    const contextInfo = (context.mode as unknown as { contextInfo?: ContextInfo }).contextInfo;
    const recordId = normalizeId(contextInfo?.entityId);
    const modifiedOn = readTimestamp(context.parameters.modifiedOn?.raw);
    return {
        value: typeof parameter.raw === "number" ? parameter.raw : null,
        options: readOptions(parameter.attributes?.Options),
        editable: !context.mode.isControlDisabled && security?.editable !== false,
        masked: security?.readable === false,
        recordId,
        isOwnRecord: ownRecord(recordId, modifiedOn, context.userSettings?.userId),
        defaultInteractiveMode: readDefaultInteractiveMode(context.parameters.defaultInteractiveMode?.raw),
        modifiedOn,
        canOpenSeatsView: typeof context.navigation?.openUrl === "function",
        rtl: context.userSettings?.isRTL === true,
    };
}

/** Modified On as ms since 1970; the platform passes a Date, a harness may pass its text. Null when absent or invalid. */
function readTimestamp(raw: unknown): number | null {
    const time = raw instanceof Date ? raw.getTime() : typeof raw === "string" && raw !== "" ? Date.parse(raw) : NaN;
    return Number.isFinite(time) ? time : null;
}

function readOptions(
    options: ComponentFramework.PropertyHelper.OptionMetadata[] | undefined,
): ControlInputs["options"] {
    return options ? options.map((option) => ({ value: option.Value, label: option.Label })) : [];
}

function readDefaultInteractiveMode(raw: string | null | undefined): InteractiveMode {
    return raw === String(AccessMode.Administrative) ? AccessMode.Administrative : AccessMode.ReadWrite;
}

/** Every input the same; option lists compared by content, as the platform may pass an equal list anew. */
function sameInputs(a: ControlInputs, b: ControlInputs): boolean {
    return (Object.keys(a) as (keyof ControlInputs)[]).every((key) =>
        key === "options" ? sameOptions(a.options, b.options) : a[key] === b[key],
    );
}

function sameOptions(a: ControlInputs["options"], b: ControlInputs["options"]): boolean {
    return (
        a === b ||
        (a.length === b.length && a.every((option, i) => option.value === b[i].value && option.label === b[i].label))
    );
}
