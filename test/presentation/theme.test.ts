import { createTheme } from "@fluentui/react";
import { webLightTheme } from "@fluentui/tokens";
import { themeFromDesign } from "../../AccessModeControl/presentation/theme";
import { modernDesign, PLUM_BRAND, WEB_BRAND } from "../../testkit/fluentDesign";

describe("themeFromDesign", () => {
    it("is undefined without a design, or with one that lacks its tokens or brand: the control keeps Fluent 8's own look", () => {
        const design = modernDesign();
        expect(themeFromDesign(undefined)).toBeUndefined();
        expect(
            themeFromDesign({ ...design, tokenTheme: undefined as unknown as ComponentFramework.Theme }),
        ).toBeUndefined();
        expect(
            themeFromDesign({ ...design, brand: undefined as unknown as ComponentFramework.BrandVariants }),
        ).toBeUndefined();
    });

    it("matches the webLightTheme fixture to Fluent's own tokens, so the tests below read the app's default look", () => {
        expect(modernDesign().tokenTheme).toEqual(webLightTheme);
    });

    it("places the brand ramp in Fluent 8's brand slots as Fluent's createV8Theme does, and the neutrals from the tokens", () => {
        const tokens = modernDesign({ brand: PLUM_BRAND }).tokenTheme;
        expect(themeFromDesign(modernDesign({ brand: PLUM_BRAND }))?.palette).toEqual({
            themeDarker: PLUM_BRAND[40],
            themeDark: PLUM_BRAND[60],
            themeDarkAlt: PLUM_BRAND[70],
            themePrimary: PLUM_BRAND[80],
            themeSecondary: PLUM_BRAND[90],
            themeTertiary: PLUM_BRAND[120],
            themeLight: PLUM_BRAND[140],
            themeLighter: PLUM_BRAND[150],
            themeLighterAlt: PLUM_BRAND[160],
            neutralPrimary: tokens.colorNeutralForeground1,
            neutralSecondary: tokens.colorNeutralForeground2,
            neutralTertiary: tokens.colorNeutralForeground3,
            neutralTertiaryAlt: tokens.colorNeutralForegroundDisabled,
            neutralQuaternary: tokens.colorNeutralStroke1,
            neutralQuaternaryAlt: tokens.colorNeutralStroke2,
            neutralLighter: tokens.colorNeutralBackground3,
            neutralLighterAlt: tokens.colorNeutralBackground2,
            white: tokens.colorNeutralBackground1,
        });
    });

    it("gives the switch, the buttons, the links and the message bars the colours of Fluent 2's own controls", () => {
        const design = modernDesign({ brand: PLUM_BRAND });
        const tokens = design.tokenTheme;
        expect(themeFromDesign(design)?.semanticColors).toEqual({
            smallInputBorder: tokens.colorNeutralStrokeAccessible,
            buttonBorder: tokens.colorNeutralStroke1,
            link: tokens.colorBrandForegroundLink,
            warningBackground: tokens.colorStatusWarningBackground1,
            warningIcon: tokens.colorStatusWarningForeground3,
            errorBackground: tokens.colorStatusDangerBackground1,
            errorIcon: tokens.colorStatusDangerForeground1,
        });
        // The rest follows from the palette as Fluent 2's controls have it: the checked switch and its thumb, primary buttons.
        const theme = createTheme(themeFromDesign(design));
        expect([
            theme.semanticColors.inputBackgroundChecked,
            theme.semanticColors.primaryButtonBackground,
            theme.semanticColors.primaryButtonBackgroundHovered,
        ]).toEqual([
            tokens.colorCompoundBrandBackground,
            tokens.colorBrandBackground,
            tokens.colorBrandBackgroundHover,
        ]);
        expect(theme.semanticColors.inputForegroundChecked).toBe(tokens.colorNeutralForegroundOnBrand);
        // Every slot holds a colour: none of the token names is misspelt.
        expect(
            Object.values(themeFromDesign(design)?.semanticColors ?? {}).every((color) =>
                /^#[0-9a-f]{6}$/i.test(String(color)),
            ),
        ).toBe(true);
    });

    it("becomes a whole Fluent 8 theme in the app's colours, fonts and corner radii", () => {
        const design = modernDesign({ brand: PLUM_BRAND });
        const tokens = design.tokenTheme;
        const theme = createTheme(themeFromDesign(design));
        expect(theme.palette.themePrimary).toBe(PLUM_BRAND[80]);
        expect(theme.semanticColors.inputBackgroundChecked).toBe(PLUM_BRAND[80]);
        expect(theme.semanticColors.bodyText).toBe(tokens.colorNeutralForeground1);
        expect(theme.semanticColors.bodyBackground).toBe(tokens.colorNeutralBackground1);
        expect(theme.isInverted).toBe(false);
        expect(Object.values(theme.fonts).map((font) => font.fontFamily)).toEqual(
            Object.values(theme.fonts).map(() => tokens.fontFamilyBase),
        );
        expect([
            theme.fonts.small.fontSize,
            theme.fonts.medium.fontSize,
            theme.fonts.mediumPlus.fontSize,
            theme.fonts.xLarge.fontSize,
        ]).toEqual([tokens.fontSizeBase200, tokens.fontSizeBase300, tokens.fontSizeBase400, tokens.fontSizeBase500]);
        expect(theme.effects.roundedCorner2).toBe(tokens.borderRadiusMedium);
    });

    it("takes the light end of the ramp for a dark app, and inverts Fluent 8's theme", () => {
        const design = modernDesign({ brand: WEB_BRAND, dark: true });
        const theme = createTheme(themeFromDesign(design));
        expect(theme.isInverted).toBe(true);
        expect(theme.palette.themePrimary).toBe(WEB_BRAND[90]);
        expect(theme.palette.themeLighterAlt).toBe(WEB_BRAND[30]);
        expect(theme.semanticColors.bodyBackground).toBe(design.tokenTheme.colorNeutralBackground1);
        expect(theme.semanticColors.bodyText).toBe(design.tokenTheme.colorNeutralForeground1);
    });
});
