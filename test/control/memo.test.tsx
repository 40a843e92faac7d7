/**
 * 12. Re-rendering with unchanged inputs does not re-render the component: counts the view's renders.
 */
import * as React from "react";
import { AccessModeViewProps } from "../../AccessModeControl/components/AccessModeView";
import { mountControl } from "../helpers/controlHarness";
import { modernDesign, PLUM_BRAND } from "../../testkit/fluentDesign";

const viewRenders = jest.fn();

jest.mock("../../AccessModeControl/components/AccessModeView", () => {
    const actual = jest.requireActual("../../AccessModeControl/components/AccessModeView");
    const renderView = (actual.AccessModeView as { type: (props: AccessModeViewProps) => React.ReactElement }).type;
    return {
        ...actual,
        AccessModeView: function CountingView(props: AccessModeViewProps) {
            viewRenders();
            return renderView(props);
        },
    };
});

it("does not re-render on updateView with unchanged inputs, and does on a changed one", async () => {
    const h = await mountControl({ value: 0 });
    viewRenders.mockClear();
    for (let i = 0; i < 50; i++) h.update();
    expect(viewRenders).not.toHaveBeenCalled();
    h.update({ value: 2 });
    expect(viewRenders).toHaveBeenCalled();
});

it("ignores a new but equal option list", async () => {
    const h = await mountControl({ value: 0 });
    viewRenders.mockClear();
    h.update({
        options: [
            { Value: 0, Label: "Read-Write", Color: "" },
            { Value: 4, Label: "Non-interactive", Color: "" },
        ],
    });
    const renders = viewRenders.mock.calls.length;
    h.update({
        options: [
            { Value: 0, Label: "Read-Write", Color: "" },
            { Value: 4, Label: "Non-interactive", Color: "" },
        ],
    });
    expect(viewRenders).toHaveBeenCalledTimes(renders);
});

it("ignores a new but equal design of the app, and renders again for a new brand", async () => {
    const h = await mountControl({ value: 0, fluentDesignLanguage: modernDesign() });
    viewRenders.mockClear();
    for (let i = 0; i < 5; i++) h.update({ fluentDesignLanguage: modernDesign() });
    expect(viewRenders).not.toHaveBeenCalled();
    h.update({ fluentDesignLanguage: modernDesign({ brand: PLUM_BRAND }) });
    expect(viewRenders).toHaveBeenCalled();
});
