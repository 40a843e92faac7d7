import type { IPalette, IPartialTheme, ISemanticColors } from "@fluentui/react";

type Tokens = ComponentFramework.Theme;
type Slots<T> = readonly (readonly [keyof T, keyof Tokens])[];

/** Fluent 8's brand slots, darkest first, and the steps of the brand ramp they take (as Fluent's createV8Theme places them). */
const BRAND_SLOTS = [
    "themeDarker",
    "themeDark",
    "themeDarkAlt",
    "themePrimary",
    "themeSecondary",
    "themeTertiary",
    "themeLight",
    "themeLighter",
    "themeLighterAlt",
] as const;
const LIGHT_STEPS = [40, 60, 70, 80, 90, 120, 140, 150, 160] as const;
const DARK_STEPS = [110, 100, 100, 90, 90, 60, 50, 40, 30] as const;

/** Neutrals from the app's tokens (Fluent's v8 → v9 shim read backwards), so custom and dark neutrals arrive too. */
const NEUTRALS: Slots<IPalette> = [
    ["neutralPrimary", "colorNeutralForeground1"],
    ["neutralSecondary", "colorNeutralForeground2"],
    ["neutralTertiary", "colorNeutralForeground3"],
    ["neutralTertiaryAlt", "colorNeutralForegroundDisabled"],
    ["neutralQuaternary", "colorNeutralStroke1"],
    ["neutralQuaternaryAlt", "colorNeutralStroke2"],
    ["neutralLighter", "colorNeutralBackground3"],
    ["neutralLighterAlt", "colorNeutralBackground2"],
    ["white", "colorNeutralBackground1"],
];

/**
 * Fluent 2's own colours where Fluent 8 would derive others from the palette: the switch's border, button borders, links,
 * and the status colours of warnings and errors (the checked switch and primary buttons follow the palette).
 */
const SEMANTICS: Slots<ISemanticColors> = [
    ["smallInputBorder", "colorNeutralStrokeAccessible"],
    ["buttonBorder", "colorNeutralStroke1"],
    ["link", "colorBrandForegroundLink"],
    ["warningBackground", "colorStatusWarningBackground1"],
    ["warningIcon", "colorStatusWarningForeground3"],
    ["errorBackground", "colorStatusDangerBackground1"],
    ["errorIcon", "colorStatusDangerForeground1"],
];

function pick<T>(slots: Slots<T>, tokens: Tokens): Partial<T> {
    const picked: Partial<Record<keyof T, unknown>> = {};
    for (const [slot, token] of slots) if (typeof tokens[token] === "string") picked[slot] = tokens[token];
    return picked as Partial<T>;
}

/**
 * The control's Fluent 8 theme from the app's Fluent 2 design (`context.fluentDesignLanguage`, Learn: "Style components
 * with modern theming"): brand ramp, neutrals, status colours, font family and sizes, corner radii. Undefined without one,
 * so the control keeps Fluent 8's own look.
 */
export function themeFromDesign(design: ComponentFramework.FluentDesignState | undefined): IPartialTheme | undefined {
    const tokens = design?.tokenTheme;
    const brand = design?.brand;
    if (!tokens || !brand) return undefined;
    const dark = design.isDarkTheme === true;
    const palette: Partial<IPalette> = pick(NEUTRALS, tokens);
    BRAND_SLOTS.forEach((slot, i) => {
        const color = brand[(dark ? DARK_STEPS : LIGHT_STEPS)[i]];
        if (typeof color === "string") palette[slot] = color;
    });
    const size = (token: keyof Tokens) => ({ fontSize: tokens[token] as string });
    return {
        isInverted: dark,
        palette,
        semanticColors: pick(SEMANTICS, tokens),
        defaultFontStyle: { fontFamily: tokens.fontFamilyBase },
        fonts: {
            small: size("fontSizeBase200"),
            medium: size("fontSizeBase300"),
            mediumPlus: size("fontSizeBase400"),
            xLarge: size("fontSizeBase500"),
        },
        // Fluent 8.29 rounds buttons, checkboxes and the dialog with roundedCorner2 alone; Fluent 2's buttons use the medium radius.
        effects: { roundedCorner2: tokens.borderRadiusMedium },
    };
}
