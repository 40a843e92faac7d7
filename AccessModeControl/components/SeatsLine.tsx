import * as React from "react";
import { Link, Text } from "@fluentui/react";
import { ActionKind, SeatsView } from "../presentation/viewModel";

/** The environment's non-interactive seats, with a way to the accounts that hold them, or a Retry when they could not be read. */
export const SeatsLine = React.memo(function SeatsLine({
    seats,
    onAction,
}: {
    seats: SeatsView;
    onAction: (kind: ActionKind) => void;
}) {
    return (
        <Text variant="small">
            <span>{seats.text}</span>
            {seats.actions.map((action) => (
                <React.Fragment key={action.kind}>
                    {" "}
                    <Link onClick={() => onAction(action.kind)}>{action.label}</Link>
                </React.Fragment>
            ))}
        </Text>
    );
});
