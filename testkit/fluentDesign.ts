/**
 * `context.fluentDesignLanguage` as model-driven apps pass it in the modern look: a brand ramp and the Fluent 2 token theme
 * Fluent builds from it (@fluentui/tokens, the package Fluent 9 itself themes with).
 */
import { createDarkTheme, createLightTheme, type BrandVariants } from "@fluentui/tokens";

/** Fluent 2's web brand ramp: createLightTheme of it is Fluent's webLightTheme, token for token (the app's default look). */
export const WEB_BRAND: BrandVariants = {
    10: "#061724",
    20: "#082338",
    30: "#0a2e4a",
    40: "#0c3b5e",
    50: "#0e4775",
    60: "#0f548c",
    70: "#115ea3",
    80: "#0f6cbd",
    90: "#2886de",
    100: "#479ef5",
    110: "#62abf5",
    120: "#77b7f7",
    130: "#96c6fa",
    140: "#b4d6fa",
    150: "#cfe4fa",
    160: "#ebf3fc",
};

/** A custom app theme's ramp (a maker's own brand colour), to tell the app's colours from Fluent's defaults. */
export const PLUM_BRAND: BrandVariants = {
    10: "#050205",
    20: "#1f1320",
    30: "#351c37",
    40: "#47244a",
    50: "#5a2c5e",
    60: "#6d3572",
    70: "#813e87",
    80: "#95479c",
    90: "#a557ab",
    100: "#b169b6",
    110: "#bc7bc1",
    120: "#c78dcb",
    130: "#d29fd6",
    140: "#ddb2e0",
    150: "#e7c5ea",
    160: "#f1d8f3",
};

export function modernDesign(
    options: { brand?: BrandVariants; dark?: boolean } = {},
): ComponentFramework.FluentDesignState {
    const brand = options.brand ?? WEB_BRAND;
    const dark = options.dark ?? false;
    const tokenTheme = (dark ? createDarkTheme : createLightTheme)(brand);
    return { brand, tokenTheme: tokenTheme as unknown as ComponentFramework.Theme, isDarkTheme: dark };
}
