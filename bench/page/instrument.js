/*
 * Bench instrumentation for the scripted host page (testkit/host), injected before any of the page's scripts run
 * (Playwright's addInitScript, with `window.__amcBenchOptions` set just before). Nothing in the host page or the control
 * is changed; this file only watches, from the outside:
 *
 * - the moment the control's switch is in the DOM and enabled (a MutationObserver on the document), and when init ran;
 * - the control instance and the last context the host passed to updateView, by wrapping the constructor the bundle
 *   hands to ComponentFramework.registerControl (the host defines registerControl; a setter here wraps it);
 * - calls of the init context's resources.getString (the control's translator reads every text through it on render);
 * - with `reactHook`, React's commits, through the documented React DevTools global hook that react-dom 16 calls on
 *   every commit: per commit, how many class/function components actually ran their render in it.
 *
 * window.__amcBench exposes the counters and measureUpdateView(), which calls updateView directly and renders its
 * element with the page's ReactDOM, as the platform does for a virtual control.
 */
/* global window, document, MutationObserver, requestAnimationFrame */
(function () {
    "use strict";

    var options = window.__amcBenchOptions || {};
    var bench = {
        /** performance.now() (ms since navigation start) when init ran, and when the switch was first present and enabled. */
        initAt: null,
        interactiveAt: null,
        /** React commits (any root), commits in which some component rendered, and the component renders summed. */
        commits: 0,
        renderingCommits: 0,
        componentRenders: 0,
        getStringCalls: 0,
        updateViewCalls: 0,
        /** Set when the React hook met fibers it does not understand (another React version). */
        hookError: null,
        control: null,
        context: null,
        container: null,
        rawUpdateView: null,
    };
    window.__amcBench = bench;

    // --- interactive: the switch is in the DOM and enabled ---------------------------------------------------------
    var SWITCH = '#control-root [role="switch"]';
    function switchEnabled() {
        var element = document.querySelector(SWITCH);
        return !!element && !element.disabled && element.getAttribute("aria-disabled") !== "true";
    }
    var interactiveObserver = new MutationObserver(function () {
        if (bench.interactiveAt === null && switchEnabled()) {
            bench.interactiveAt = performance.now();
            interactiveObserver.disconnect();
        }
    });
    interactiveObserver.observe(document, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ["disabled", "aria-disabled"],
    });

    // --- the control instance, its context, and getString ---------------------------------------------------------
    function spy(Control) {
        return function BenchSpiedControl() {
            var control = new Control();
            var init = control.init;
            var updateView = control.updateView;
            control.init = function (context, notifyOutputChanged, state, container) {
                var getString = context.resources.getString;
                context.resources.getString = function () {
                    bench.getStringCalls++;
                    return getString.apply(this, arguments);
                };
                bench.control = control;
                bench.container = container;
                bench.initAt = performance.now();
                return init.apply(control, arguments);
            };
            control.updateView = function (context) {
                bench.context = context;
                bench.updateViewCalls++;
                return updateView.call(control, context);
            };
            bench.rawUpdateView = function (context) {
                return updateView.call(control, context);
            };
            return control;
        };
    }
    var hostRegister = null;
    var framework = {};
    Object.defineProperty(framework, "registerControl", {
        configurable: true,
        enumerable: true,
        get: function () {
            return (
                hostRegister &&
                function (name, Control) {
                    return hostRegister(name, spy(Control));
                }
            );
        },
        set: function (register) {
            hostRegister = register;
        },
    });
    window.ComponentFramework = framework;

    // --- React commits ---------------------------------------------------------------------------------------------
    // React 16 fiber tags of components whose render is user code: Function 0, Class 1, Indeterminate 2, ForwardRef 11,
    // SimpleMemo 15 (a Memo 14 only wraps its inner component, which has its own fiber). PerformedWork is effectTag 1: set
    // when a component's render ran in this render pass, and reset whenever React clones a fiber for a new pass.
    var COMPONENT_TAGS = { 0: true, 1: true, 2: true, 11: true, 15: true };
    var PERFORMED_WORK = 1;

    /**
     * Counts the components that rendered in the commit whose tree starts at `rootFiber`. A subtree React skipped keeps
     * its old fibers (fiber.child === fiber.alternate.child), so the walk only enters children React worked on, and the
     * stale effect tags of skipped fibers are never read. A fiber without alternate there was mounted in this commit.
     */
    function renderedComponents(rootFiber) {
        var count = 0;
        var stack = [rootFiber];
        while (stack.length > 0) {
            var fiber = stack.pop();
            if (typeof fiber.effectTag !== "number") {
                bench.hookError = "fibers without effectTag: not React 16";
                return 0;
            }
            var previous = fiber.alternate;
            if (COMPONENT_TAGS[fiber.tag] === true && (previous === null || (fiber.effectTag & PERFORMED_WORK) !== 0))
                count++;
            if (previous === null || fiber.child !== previous.child) {
                for (var child = fiber.child; child !== null; child = child.sibling) stack.push(child);
            }
        }
        return count;
    }

    if (options.reactHook) {
        window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
            supportsFiber: true,
            inject: function () {
                return 1;
            },
            onCommitFiberRoot: function (rendererId, root) {
                bench.commits++;
                var rendered = renderedComponents(root.current);
                if (rendered > 0) {
                    bench.renderingCommits++;
                    bench.componentRenders += rendered;
                }
            },
            onCommitFiberUnmount: function () {},
        };
    }

    // --- measurements ----------------------------------------------------------------------------------------------
    function counters() {
        return {
            commits: bench.commits,
            renderingCommits: bench.renderingCommits,
            componentRenders: bench.componentRenders,
            getStringCalls: bench.getStringCalls,
        };
    }
    function difference(before, after) {
        var result = {};
        for (var key in after) result[key] = after[key] - before[key];
        return result;
    }
    /** Two animation frames and 50 ms: lets passive effects, timers and anything they render run. */
    function settle() {
        return new Promise(function (resolve) {
            requestAnimationFrame(function () {
                requestAnimationFrame(function () {
                    setTimeout(resolve, 50);
                });
            });
        });
    }
    bench.settle = settle;

    /**
     * n updateView calls the way the host (the form) makes them: amcHost.setValue with the value it already has, which
     * builds a new, equal context; each call waits until the host has called updateView.
     */
    bench.hostUpdates = function (n) {
        var host = window.amcHost;
        var done = 0;
        return new Promise(function (resolve) {
            function next() {
                if (done === n) return resolve(done);
                var calls = host.updateViewCalls;
                host.setValue(host.value);
                (function wait() {
                    if (host.updateViewCalls > calls) {
                        done++;
                        next();
                    } else setTimeout(wait, 0);
                })();
            }
            next();
        });
    };

    /** An equal context made of new objects (a new option list too), as a platform may pass on every updateView. */
    function recreate(context) {
        var accessMode = context.parameters.accessMode;
        var attributes = accessMode.attributes;
        return Object.assign({}, context, {
            parameters: Object.assign({}, context.parameters, {
                accessMode: Object.assign({}, accessMode, {
                    attributes:
                        attributes &&
                        Object.assign({}, attributes, {
                            Options:
                                attributes.Options &&
                                attributes.Options.map(function (option) {
                                    return Object.assign({}, option);
                                }),
                        }),
                    security: accessMode.security && Object.assign({}, accessMode.security),
                }),
                defaultInteractiveMode: Object.assign({}, context.parameters.defaultInteractiveMode),
            }),
            mode: Object.assign({}, context.mode, {
                contextInfo: context.mode.contextInfo && Object.assign({}, context.mode.contextInfo),
            }),
            userSettings: Object.assign({}, context.userSettings),
            updatedProperties: [],
        });
    }

    /**
     * batches × perBatch calls of updateView with the host's last context (or, with `recreate`, equal new contexts built
     * before the clock starts), each followed by ReactDOM.render of the returned element into the control's container.
     * Returns the time per call of every batch, and what the calls caused, effects and timers included (after a settle).
     */
    bench.measureUpdateView = function (o) {
        var ReactDOM = window.ReactDOM;
        var container = bench.container;
        var base = bench.context;
        var update = bench.rawUpdateView;
        var mutations = 0;
        var observer = new MutationObserver(function (records) {
            mutations += records.length;
        });
        observer.observe(container, { childList: true, subtree: true, attributes: true, characterData: true });
        var before = counters();
        var perCallMs = [];
        for (var b = 0; b < o.batches; b++) {
            var contexts = [];
            for (var i = 0; i < o.perBatch; i++) contexts.push(o.recreate ? recreate(base) : base);
            var start = performance.now();
            for (var j = 0; j < o.perBatch; j++) ReactDOM.render(update(contexts[j]), container);
            perCallMs.push((performance.now() - start) / o.perBatch);
        }
        return settle().then(function () {
            mutations += observer.takeRecords().length;
            observer.disconnect();
            var caused = difference(before, counters());
            caused.mutations = mutations;
            caused.calls = o.batches * o.perBatch;
            caused.perCallMs = perCallMs;
            return caused;
        });
    };

    /** One updateView with the value changed (then the original context again): proves the counters see a render. */
    bench.measureChangedUpdate = function (value) {
        var ReactDOM = window.ReactDOM;
        var container = bench.container;
        var base = bench.context;
        var changed = recreate(base);
        changed.parameters.accessMode.raw = value;
        var mutations = 0;
        var observer = new MutationObserver(function (records) {
            mutations += records.length;
        });
        observer.observe(container, { childList: true, subtree: true, attributes: true, characterData: true });
        var before = counters();
        ReactDOM.render(bench.rawUpdateView(changed), container);
        return settle().then(function () {
            mutations += observer.takeRecords().length;
            observer.disconnect();
            var caused = difference(before, counters());
            caused.mutations = mutations;
            ReactDOM.render(bench.rawUpdateView(base), container);
            return settle().then(function () {
                return caused;
            });
        });
    };
})();
