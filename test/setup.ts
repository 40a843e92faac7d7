import "@testing-library/jest-dom";
import { setIconOptions } from "@fluentui/react";

// The form registers Fluent's icon font; tests don't, so silence the "icon not registered" warnings.
setIconOptions({ disableWarnings: true });
