import * as React from "react";
import { Link, Stack, Text } from "@fluentui/react";
import { ActionKind, SeatsView } from "../presentation/viewModel";

/** The environment's non-interactive seats, with a way to the accounts that hold them, or a Retry when they could not be read. */
export const SeatsLine = React.memo(function SeatsLine({ seats, onAction }: { seats: SeatsView; onAction: (kind: ActionKind) => void }) {
    return (
        <Stack horizontal wrap verticalAlign="baseline" tokens={{ childrenGap: 8 }}>
            <Text variant="small">{seats.text}</Text>
            {seats.actions.map((action) => (
                <Link key={action.kind} onClick={() => onAction(action.kind)}>
                    <Text variant="small">{action.label}</Text>
                </Link>
            ))}
        </Stack>
    );
});
