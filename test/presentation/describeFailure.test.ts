import { CheckFailure } from "../../AccessModeControl/dataverse/responses";
import { describeFailure } from "../../AccessModeControl/presentation/viewModel";
import { translator } from "../helpers/pcfContext";

const t = translator();

describe("describeFailure: every failure as one readable sentence part", () => {
    it.each<[string, CheckFailure | unknown, string]>([
        ["a timeout", new CheckFailure("timeout", "10"), t("Error_Timeout", 10)],
        [
            "an HTTP status with the server's message",
            new CheckFailure("http", "Missing privilege.", 403),
            t("Error_HttpWithMessage", 403, "Missing privilege"),
        ],
        ["an HTTP status alone", new CheckFailure("http", null, 404), t("Error_Http", 404)],
        [
            "a platform rejection with a message",
            new CheckFailure("server", "The user has not been assigned any License. "),
            t("Error_Server", "The user has not been assigned any License"),
        ],
        ["a platform rejection without one", new CheckFailure("server"), t("Error_Unavailable")],
        [
            "a network failure with the browser's message",
            new CheckFailure("network", "Failed to fetch"),
            t("Error_Network", "Failed to fetch"),
        ],
        [
            "a network failure without one (never an empty pair of brackets)",
            new CheckFailure("network"),
            t("Error_Unavailable"),
        ],
        ["an unreadable answer", new CheckFailure("badResponse"), t("Error_BadResponse")],
        ["an aborted request", new CheckFailure("aborted"), t("Error_Unavailable")],
        ["anything else", new Error("boom"), t("Error_Unavailable")],
    ])("%s", (_, error, expected) => {
        expect(describeFailure(error, t)).toBe(expected);
        expect(describeFailure(error, t)).not.toContain("()");
    });
});
