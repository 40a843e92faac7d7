/**
 * Drives the real control through its PCF lifecycle (init → updateView → render → events → getOutputs) the way a
 * model-driven form does, against a scripted Dataverse.
 */
import { act, render, RenderResult, screen } from "@testing-library/react";
import { AccessModeControl } from "../../AccessModeControl";
import { ContextOptions, createContext, TestContext } from "./pcfContext";
import { fakeDataverse, FakeDataverse, Scenario } from "./fakeDataverse";

export interface MountOptions extends ContextOptions {
    scenario?: Scenario;
}

export interface MountedControl {
    control: AccessModeControl;
    notifyOutputChanged: jest.Mock;
    dataverse: FakeDataverse;
    readonly context: TestContext;
    /** Calls updateView with a context changed as given (as the form does on any change). */
    update(changes?: ContextOptions): void;
    /** What the form does after notifyOutputChanged: read getOutputs and feed the value back through updateView. */
    echoOutput(): void;
    /** Lets pending Web API answers arrive. */
    settle(): Promise<void>;
    destroy(): void;
    result: RenderResult;
}

export async function mountControl(options: MountOptions = {}): Promise<MountedControl> {
    const control = await mountControlSync(options);
    await control.settle();
    return control;
}

export function mountControlSync(options: MountOptions = {}): MountedControl {
    const dataverse = fakeDataverse(options.scenario);
    globalThis.fetch = dataverse.fetch;
    let current: ContextOptions = { ...options, webAPI: dataverse.webAPI };
    let context = createContext(current);
    const control = new AccessModeControl();
    const notifyOutputChanged = jest.fn();
    control.init(context, notifyOutputChanged);
    const result = render(control.updateView(context));
    const update = (changes: ContextOptions = {}): void => {
        current = { ...current, ...changes };
        context = createContext(current);
        act(() => {
            result.rerender(control.updateView(context));
        });
    };
    return {
        control,
        notifyOutputChanged,
        dataverse,
        get context() {
            return context;
        },
        update,
        echoOutput: () => update({ value: control.getOutputs().accessMode ?? null }),
        settle: async () => {
            await act(async () => {
                for (let i = 0; i < 5; i++) await Promise.resolve();
            });
        },
        destroy: () => {
            control.destroy();
            result.unmount();
        },
        result,
    };
}

export const toggle = (): HTMLElement => screen.getByRole("switch", { name: /Non-interactive \(API access only\)/ });
export const dialog = (): HTMLElement => screen.getByRole("dialog");
export const queryDialog = (): HTMLElement | null => screen.queryByRole("dialog");
export const button = (name: string | RegExp): HTMLElement => screen.getByRole("button", { name });
export const liveRegion = (): HTMLElement => screen.getByTestId("amc-announcement");
