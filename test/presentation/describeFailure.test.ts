import { CheckFailure } from "../../AccessModeControl/dataverse/responses";
import { describeFailure } from "../../AccessModeControl/presentation/viewModel";
import { createTranslator } from "../../AccessModeControl/presentation/strings";
import { loadStrings } from "../helpers/pcfContext";

const strings = loadStrings(1033);
const t = createTranslator((key) => strings[key]);
const text = (key: string, ...args: (string | number)[]): string => t(key as never, ...args);

describe("describeFailure: every failure as one readable sentence part", () => {
    it.each<[string, CheckFailure | unknown, string]>([
        ["a timeout", new CheckFailure("timeout", "10"), text("Error_Timeout", 10)],
        ["an HTTP status with the server's message", new CheckFailure("http", "Missing privilege.", 403), text("Error_HttpWithMessage", 403, "Missing privilege")],
        ["an HTTP status alone", new CheckFailure("http", null, 404), text("Error_Http", 404)],
        ["a platform rejection with a message", new CheckFailure("server", "The user has not been assigned any License. "), text("Error_Server", "The user has not been assigned any License")],
        ["a platform rejection without one", new CheckFailure("server"), text("Error_Unavailable")],
        ["a network failure with the browser's message", new CheckFailure("network", "Failed to fetch"), text("Error_Network", "Failed to fetch")],
        ["a network failure without one (never an empty pair of brackets)", new CheckFailure("network"), text("Error_Unavailable")],
        ["an unreadable answer", new CheckFailure("badResponse"), text("Error_BadResponse")],
        ["an aborted request", new CheckFailure("aborted"), text("Error_Unavailable")],
        ["anything else", new Error("boom"), text("Error_Unavailable")],
    ])("%s", (_, error, expected) => {
        expect(describeFailure(error, t)).toBe(expected);
        expect(describeFailure(error, t)).not.toContain("()");
    });
});
