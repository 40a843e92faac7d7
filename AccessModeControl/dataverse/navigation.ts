/** Where the control can lead the admin in a model-driven app (dataverse-facts §9). */

/** The solution's public "Non-interactive Users" view: the accounts that hold the non-interactive seats. */
export const NON_INTERACTIVE_USERS_VIEW_ID = "c0705e51-b9c1-4803-8ced-95c35c182571";
const PUBLIC_VIEW = 1039;

/** The list of the Non-interactive Users view, in the current app when its id is known. */
export function nonInteractiveUsersViewUrl(appId: string | null): string {
    const app = appId === null ? "" : `&appid=${encodeURIComponent(appId)}`;
    return `main.aspx?pagetype=entitylist&etn=systemuser&viewid=${NON_INTERACTIVE_USERS_VIEW_ID}&viewtype=${PUBLIC_VIEW}${app}`;
}
