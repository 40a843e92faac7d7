/**
 * Facts the property tests check the control against, written out from ../shared/dataverse-facts.md on purpose rather than
 * taken from the control's own helpers, so that a wrong rule cannot also be the yardstick.
 */

/** The only values the control may ever write (dataverse-facts §1). */
const WRITABLE_VALUES: readonly number[] = [0, 1, 2, 4];

export const writable = (value: unknown): value is number => typeof value === "number" && WRITABLE_VALUES.includes(value);

/** Every documented access mode (dataverse-facts §1). */
export const ALL_MODES: readonly number[] = [0, 1, 2, 3, 4, 5];
