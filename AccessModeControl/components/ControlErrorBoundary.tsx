import * as React from "react";
import { MessageBar, MessageBarType } from "@fluentui/react";

interface ControlErrorBoundaryProps {
    /** The sentence to show, given the error's own message. */
    describe: (message: string) => string;
    children?: React.ReactNode;
}

/** A rendering bug in the control must never take the form down with it: show what failed instead. */
export class ControlErrorBoundary extends React.Component<ControlErrorBoundaryProps, { message: string | null }> {
    state = { message: null as string | null };

    static getDerivedStateFromError(error: unknown): { message: string } {
        return { message: error instanceof Error ? error.message : String(error) };
    }

    render(): React.ReactNode {
        if (this.state.message === null) return this.props.children;
        return (
            <MessageBar messageBarType={MessageBarType.error} isMultiline delayedRender={false}>
                {this.props.describe(this.state.message)}
            </MessageBar>
        );
    }
}
