/*
*This is auto generated from the ControlManifest.Input.xml file
*/

// Define IInputs and IOutputs Type. They should match with ControlManifest.
export interface IInputs {
    accessMode: ComponentFramework.PropertyTypes.OptionSetProperty;
    modifiedOn: ComponentFramework.PropertyTypes.DateTimeProperty;
    defaultInteractiveMode: ComponentFramework.PropertyTypes.EnumProperty<"0" | "1">;
}
export interface IOutputs {
    accessMode?: number;
    modifiedOn?: Date;
}
