import type { Element } from "@xmldom/xmldom";
import type { BuiltControl } from "./controlBuild";
import { PackError } from "./errors";
import type { EntitySource, FormSource } from "./sourceTree";
import { childElements } from "./xml";

/**
 * What a form passes to a control is what the built control takes; otherwise the form imports and then fails, or quietly
 * loses a binding, when it loads. The control is in the build; each parameter is a property its manifest declares, and
 * each required one is passed; a bound one names a column the form loads; an input one is a static value of its type.
 */
export function assertFormBindings(entities: readonly EntitySource[], controls: readonly BuiltControl[]): void {
    for (const form of entities.flatMap((entity) => entity.forms)) {
        const loaded = new Set(
            Array.from(form.element.getElementsByTagName("control")).map((control) =>
                control.getAttribute("datafieldname"),
            ),
        );
        for (const customControl of Array.from(form.element.getElementsByTagName("customControl"))) {
            const name = customControl.getAttribute("name");
            // The classic default control has no name, only the classid of the field's own control.
            if (name === null) continue;
            const control = controls.find((candidate) => candidate.name === name);
            if (control === undefined) {
                throw bindingError(
                    `form binds control "${name}", which is not in the build (built: ${controls.map((built) => built.name).join(", ")})`,
                    form,
                    customControl,
                );
            }
            assertParameters(form, customControl, control, loaded);
        }
    }
}

function assertParameters(
    form: FormSource,
    customControl: Element,
    control: BuiltControl,
    loaded: ReadonlySet<string | null>,
): void {
    const passed = childElements(customControl, "parameters").flatMap((parameters) => childElements(parameters));
    for (const parameter of passed) {
        const name = parameter.tagName;
        const property = control.properties.find((candidate) => candidate.name === name);
        if (property === undefined) {
            const declared = control.properties.map((candidate) => candidate.name).join(", ");
            throw bindingError(
                `passes "${name}", which control "${control.name}" does not declare (it takes: ${declared})`,
                form,
                parameter,
            );
        }
        const isStatic = parameter.getAttribute("static") === "true";
        if (property.usage === "input") {
            if (!isStatic || parameter.getAttribute("type") !== property.ofType) {
                throw bindingError(
                    `passes input property "${name}" without static="true" type="${property.ofType}"`,
                    form,
                    parameter,
                );
            }
        } else if (isStatic) {
            throw bindingError(
                `passes bound property "${name}" as a static value; it takes the name of a column`,
                form,
                parameter,
            );
        } else {
            const column = (parameter.textContent ?? "").trim();
            if (!loaded.has(column))
                throw bindingError(
                    `binds "${name}" to "${column}", which is no column the form loads (put the column on the form)`,
                    form,
                    parameter,
                );
        }
    }
    for (const property of control.properties.filter((candidate) => candidate.required)) {
        if (!passed.some((parameter) => parameter.tagName === property.name)) {
            throw bindingError(
                `does not pass required property "${property.name}" of control "${control.name}"`,
                form,
                customControl,
            );
        }
    }
}

function bindingError(message: string, form: FormSource, at: Element): PackError {
    return new PackError("control-mismatch", message, form.file, at.lineNumber);
}
