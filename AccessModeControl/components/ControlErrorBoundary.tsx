import * as React from "react";
import { MessageBar, MessageBarType } from "@fluentui/react";
import { nonBlank } from "../domain/text";

interface ControlErrorBoundaryProps {
    /** The sentence to show, given the error's own message. */
    describe: (message: string) => string;
    children?: React.ReactNode;
}

/** A rendering bug in the control must never take the form down with it: show what failed instead. */
export class ControlErrorBoundary extends React.Component<ControlErrorBoundaryProps, { message: string | null }> {
    state = { message: null as string | null };

    static getDerivedStateFromError(error: unknown): { message: string } {
        return { message: messageOf(error) };
    }

    render(): React.ReactNode {
        if (this.state.message === null) return this.props.children;
        return (
            <MessageBar messageBarType={MessageBarType.error} delayedRender={false}>
                {this.sentence(this.state.message)}
            </MessageBar>
        );
    }

    /** The fallback cannot fail in turn: if even the sentence cannot be made, the error's own message (else the key) is shown. */
    private sentence(message: string): string {
        try {
            const text = nonBlank(this.props.describe(message));
            if (text !== null) return text;
        } catch {
            // The error's message below.
        }
        return nonBlank(message) ?? "Error_Render";
    }
}

/** Anything may be thrown: an object whose message or toString itself throws gives an empty text, not a second error. */
function messageOf(error: unknown): string {
    try {
        return error instanceof Error ? String(error.message) : String(error);
    } catch {
        return "";
    }
}
