import { PackError, formatPackError } from "../pack/errors";
import { stampVersion } from "./stampVersion";

// Run by the npm `version` lifecycle script, after npm has written the new version to package.json.
try {
    stampVersion(process.cwd());
} catch (error) {
    if (!(error instanceof PackError)) throw error;
    console.error(`stamp: ${formatPackError(error)}`);
    process.exitCode = 1;
}
