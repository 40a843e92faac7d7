import * as React from "react";
import { IInputs, IOutputs } from "./generated/ManifestTypes";
import { AccessModeApp, AccessModeAppProps } from "./components/AccessModeApp";
import { ControlErrorBoundary } from "./components/ControlErrorBoundary";
import { DataverseClient } from "./dataverse/DataverseClient";
import { AccessMode, InteractiveMode, isSameUser, isWritableValue, normalizeId } from "./domain/accessMode";
import { createTranslator, Translate } from "./presentation/strings";
import { ControlInputs } from "./presentation/viewModel";

/** Adapts the PCF lifecycle: reads the context into plain inputs, hands them to React, and reports confirmed values. */
export class AccessModeControl implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private notifyOutputChanged: () => void;
    private client: DataverseClient;
    private t: Translate;
    private inputs: ControlInputs | undefined;
    private element: React.ReactElement | undefined;
    private output: number | undefined;
    private destroyed = false;

    public init(context: ComponentFramework.Context<IInputs>, notifyOutputChanged: () => void): void {
        this.notifyOutputChanged = notifyOutputChanged;
        this.client = new DataverseClient({ webAPI: context.webAPI });
        this.t = createTranslator((key) => context.resources.getString(key));
    }

    /**
     * Only builds props. Reading the context is cheap and done on every call (security and disabled flags change without
     * `updatedProperties` saying so); unchanged inputs return the very same element, so React skips it entirely.
     */
    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        const inputs = readInputs(context);
        if (!this.element || !this.inputs || !sameInputs(this.inputs, inputs)) {
            this.inputs = inputs;
            const props: AccessModeAppProps = { inputs, source: this.client, t: this.t, onValueChange: this.onValueChange };
            this.element = React.createElement(ControlErrorBoundary, { describe: this.describeRenderError }, React.createElement(AccessModeApp, props));
        }
        return this.element;
    }

    public getOutputs(): IOutputs {
        return isWritableValue(this.output) ? { accessMode: this.output } : {};
    }

    public destroy(): void {
        this.destroyed = true;
        this.client.dispose();
    }

    private readonly describeRenderError = (message: string): string => this.t("Error_Render", message);

    private readonly onValueChange = (value: number): void => {
        if (this.destroyed || !isWritableValue(value)) return;
        this.output = value;
        this.notifyOutputChanged();
    };
}

interface ContextInfo {
    entityId?: string;
}

function readInputs(context: ComponentFramework.Context<IInputs>): ControlInputs {
    const parameter = context.parameters.accessMode;
    const security = parameter.security;
    // contextInfo is undocumented: present on model-driven forms, absent in the test harness and on create forms.
    const contextInfo = (context.mode as unknown as { contextInfo?: ContextInfo }).contextInfo;
    const recordId = normalizeId(contextInfo?.entityId);
    return {
        value: typeof parameter.raw === "number" ? parameter.raw : null,
        options: readOptions(parameter.attributes?.Options),
        editable: !context.mode.isControlDisabled && security?.editable !== false,
        masked: security?.readable === false,
        recordId,
        isOwnRecord: isSameUser(recordId, context.userSettings?.userId),
        defaultInteractiveMode: readDefaultInteractiveMode(context.parameters.defaultInteractiveMode?.raw),
    };
}

const optionsCache = new WeakMap<readonly ComponentFramework.PropertyHelper.OptionMetadata[], ControlInputs["options"]>();

function readOptions(options: ComponentFramework.PropertyHelper.OptionMetadata[] | undefined): ControlInputs["options"] {
    if (!options) return [];
    let mapped = optionsCache.get(options);
    if (!mapped) {
        mapped = options.map((option) => ({ value: option.Value, label: option.Label }));
        optionsCache.set(options, mapped);
    }
    return mapped;
}

function readDefaultInteractiveMode(raw: string | null | undefined): InteractiveMode {
    return raw === String(AccessMode.Administrative) ? AccessMode.Administrative : AccessMode.ReadWrite;
}

function sameInputs(a: ControlInputs, b: ControlInputs): boolean {
    return (
        a.value === b.value &&
        a.editable === b.editable &&
        a.masked === b.masked &&
        a.recordId === b.recordId &&
        a.isOwnRecord === b.isOwnRecord &&
        a.defaultInteractiveMode === b.defaultInteractiveMode &&
        sameOptions(a.options, b.options)
    );
}

function sameOptions(a: ControlInputs["options"], b: ControlInputs["options"]): boolean {
    return a === b || (a.length === b.length && a.every((option, i) => option.value === b[i].value && option.label === b[i].label));
}
