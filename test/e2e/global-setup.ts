import { randomUUID } from "node:crypto";
import { assertBuildExists, assertChromiumExists } from "../../testkit/paths";

export default function globalSetup(): void {
    assertChromiumExists();
    assertBuildExists();
    // Workers inherit it; every pcf-start the tests spawn carries it, so the teardown can find survivors of this run only.
    process.env.E2E_RUN_ID = randomUUID();
}
