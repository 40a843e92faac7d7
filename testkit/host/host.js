/*
 * A scripted model-driven form for one virtual PCF control — the solution's "User access" form: what the platform does
 * around a control, and no more.
 *
 * - registers the control the way the platform does (ComponentFramework.registerControl, called by the bundle);
 * - builds a realistic context: the bound OptionSet with the column's metadata and field security, the bound Modified On
 *   (a Date, or null where the form does not bind it), the Enum input, mode (isControlDisabled, the undocumented
 *   contextInfo.entityId), userSettings (userId with braces, languageId, isRTL), resources.getString reading the built resx
 *   of the user's language, navigation.openUrl, the undocumented page.appId, a webAPI whose reads are real same-origin HTTP
 *   calls, updatedProperties, and fluentDesignLanguage (the app's Fluent 2 token theme) where the scenario has one;
 * - calls init, then updateView, and renders the returned React element with ReactDOM (React 16.14.0, the platform's);
 * - on notifyOutputChanged reads getOutputs, stores the value in the form, and calls updateView again with it;
 * - Save (the command bar's button, or amcHost.save()) saves as a form does: Modified On moves and updateView runs; a save
 *   the scenario makes fail shows the form's error and changes nothing the control is told;
 * - exposes window.amcHost for the tests: the outputs so far, the form value, the URLs opened, a way to change the value.
 */
/* global window, document, DOMParser, ReactDOM */
(function () {
    "use strict";

    var registered = {};
    window.ComponentFramework = window.ComponentFramework || {};
    window.ComponentFramework.registerControl = function (name, constructor) {
        registered[name] = constructor;
    };

    var API = "/api/data/v9.2/";
    var ENTITY_SETS = { systemuser: "systemusers" };
    // The systemuser_accessmode option set as a form's attribute metadata carries it.
    var ACCESS_MODE_OPTIONS = [
        { Label: "Read-Write", Value: 0, Color: null },
        { Label: "Administrative", Value: 1, Color: null },
        { Label: "Read", Value: 2, Color: null },
        { Label: "Support User", Value: 3, Color: null },
        { Label: "Non-interactive", Value: 4, Color: null },
        { Label: "Delegated Admin", Value: 5, Color: null },
    ];

    var host = {
        /** Set once the control has rendered for the first time. */
        ready: false,
        /** Every getOutputs() result, in order. */
        outputs: [],
        /** The form's current value of accessmode. */
        value: null,
        /** How often updateView ran. */
        updateViewCalls: 0,
        /** resx keys the control asked for that do not exist. */
        missingStrings: [],
        /** Web API calls the control made through context.webAPI. */
        webApiCalls: [],
        /** Errors thrown by the control's lifecycle methods. */
        errors: [],
        /** URLs the control opened through context.navigation.openUrl. */
        openedUrls: [],
        /** Saves the form went through (successful or not). */
        saves: 0,
        save: null,
        setValue: null,
        setDisabled: null,
        destroy: null,
    };
    window.amcHost = host;

    function stripBraces(id) {
        return String(id).replace(/[{}]/g, "");
    }

    /** The platform's webAPI rejects with an error object carrying errorCode and message. */
    function platformError(status, body) {
        var error = body && body.error ? body.error : {};
        var code = typeof error.code === "string" ? parseInt(error.code, 16) : NaN;
        return {
            errorCode: isNaN(code) ? status : code,
            code: isNaN(code) ? status : code,
            message: error.message || "HTTP " + status,
            title: "Error",
            raw: JSON.stringify(body),
        };
    }

    function get(url) {
        return fetch(url, {
            method: "GET",
            credentials: "same-origin",
            headers: {
                Accept: "application/json",
                "OData-MaxVersion": "4.0",
                "OData-Version": "4.0",
                Prefer: 'odata.include-annotations="*"',
            },
        }).then(
            function (response) {
                return response.text().then(function (text) {
                    var body = null;
                    try {
                        body = text ? JSON.parse(text) : null;
                    } catch {
                        body = null;
                    }
                    if (!response.ok) throw platformError(response.status, body);
                    return body;
                });
            },
            function (networkError) {
                throw {
                    errorCode: 0,
                    code: 0,
                    message: String(networkError && networkError.message ? networkError.message : networkError),
                };
            },
        );
    }

    function entitySet(entityType) {
        var set = ENTITY_SETS[entityType];
        if (!set) throw new Error("The scripted host knows no entity set for " + entityType);
        return set;
    }

    var webAPI = {
        retrieveRecord: function (entityType, id, options) {
            host.webApiCalls.push({ method: "retrieveRecord", entityType: entityType, id: id, options: options });
            return get(API + entitySet(entityType) + "(" + stripBraces(id) + ")" + (options || ""));
        },
        retrieveMultipleRecords: function (entityType, options, maxPageSize) {
            host.webApiCalls.push({
                method: "retrieveMultipleRecords",
                entityType: entityType,
                options: options,
                maxPageSize: maxPageSize,
            });
            return get(API + entitySet(entityType) + (options || "")).then(function (body) {
                return { entities: body.value, nextLink: body["@odata.nextLink"] };
            });
        },
        createRecord: refuseWrite("createRecord"),
        updateRecord: refuseWrite("updateRecord"),
        deleteRecord: refuseWrite("deleteRecord"),
    };

    /** The control must never write through the Web API: record and reject any attempt. */
    function refuseWrite(method) {
        return function () {
            host.webApiCalls.push({ method: method, args: Array.prototype.slice.call(arguments) });
            return Promise.reject({ errorCode: 0x80040220, message: "The scripted host refuses " + method });
        };
    }

    function loadResx(url) {
        return fetch(url).then(function (response) {
            if (!response.ok) throw new Error("Could not load " + url + ": HTTP " + response.status);
            return response.text().then(function (text) {
                var doc = new DOMParser().parseFromString(text, "application/xml");
                var strings = {};
                var data = doc.getElementsByTagName("data");
                for (var i = 0; i < data.length; i++) {
                    var value = data[i].getElementsByTagName("value")[0];
                    strings[data[i].getAttribute("name")] = value ? value.textContent : "";
                }
                return strings;
            });
        });
    }

    /** The resx of the user's language, as the platform picks it; the base language when the control has none for it. */
    function loadStrings(languageId) {
        return loadResx("/control/strings/AccessModeControl." + languageId + ".resx").catch(function () {
            return loadResx("/control/strings/AccessModeControl.1033.resx");
        });
    }

    function start() {
        fetch("/scenario.json")
            .then(function (r) {
                return r.json();
            })
            .then(function (scenario) {
                return loadStrings(scenario.form.languageId || 1033).then(function (strings) {
                    run(scenario.form, strings);
                });
            })
            .catch(function (error) {
                host.errors.push("host start: " + (error && error.stack ? error.stack : error));
                throw error;
            });
    }

    function run(form, strings) {
        var Constructor = registered["AccessMode.AccessModeControl"];
        if (!Constructor) throw new Error("The bundle did not register AccessMode.AccessModeControl");
        var state = {
            value: form.value,
            disabled: !!form.isControlDisabled,
            security: form.security || { editable: true, readable: true, secured: false },
            // Modified On as the form loaded it (ms); null when the form does not bind it (or the record is new).
            modifiedOn: form.modifiedOn ? Date.parse(form.modifiedOn) : null,
        };
        showRecord(form, state);
        host.value = state.value;
        var container = document.getElementById("control-root");
        var control = new Constructor();
        var destroyed = false;

        function buildContext(updatedProperties) {
            var label = null;
            for (var i = 0; i < ACCESS_MODE_OPTIONS.length; i++)
                if (ACCESS_MODE_OPTIONS[i].Value === state.value) label = ACCESS_MODE_OPTIONS[i].Label;
            return {
                parameters: {
                    accessMode: {
                        raw: state.value,
                        formatted: label === null ? "" : label,
                        type: "OptionSet",
                        error: false,
                        errorMessage: "",
                        attributes: {
                            LogicalName: "accessmode",
                            DisplayName: "Access Mode",
                            RequiredLevel: 2,
                            IsSecured: !!state.security.secured,
                            DefaultValue: 0,
                            Options: form.withOptionMetadata === false ? undefined : ACCESS_MODE_OPTIONS,
                        },
                        security: {
                            editable: state.security.editable !== false,
                            readable: state.security.readable !== false,
                            secured: !!state.security.secured,
                        },
                    },
                    modifiedOn: {
                        raw: state.modifiedOn === null ? null : new Date(state.modifiedOn),
                        formatted: state.modifiedOn === null ? "" : formatDate(state.modifiedOn),
                        type: "DateAndTime.DateAndTime",
                        error: false,
                        errorMessage: "",
                    },
                    defaultInteractiveMode: {
                        raw: form.defaultInteractiveMode || "0",
                        type: "Enum",
                        error: false,
                        errorMessage: "",
                    },
                },
                mode: {
                    isControlDisabled: state.disabled,
                    isVisible: true,
                    label: "Access Mode",
                    allocatedWidth: container.clientWidth,
                    allocatedHeight: -1,
                    contextInfo: {
                        entityId: form.entityId,
                        entityTypeName: "systemuser",
                        entityRecordName: form.recordName || "",
                    },
                    setControlState: function () {
                        return true;
                    },
                    setFullScreen: function () {},
                    trackContainerResize: function () {},
                },
                userSettings: {
                    userId: form.userId,
                    userName: "Admin Contoso",
                    languageId: form.languageId || 1033,
                    isRTL: !!form.isRTL,
                    securityRoles: [],
                    dateFormattingInfo: {},
                    numberFormattingInfo: {},
                    getTimeZoneOffsetMinutes: function () {
                        return 0;
                    },
                },
                resources: {
                    getString: function (key) {
                        if (Object.prototype.hasOwnProperty.call(strings, key)) return strings[key];
                        host.missingStrings.push(key);
                        return key;
                    },
                    getResource: function (id, success, failure) {
                        failure();
                    },
                },
                webAPI: webAPI,
                client: {
                    disableScroll: false,
                    getClient: function () {
                        return "Web";
                    },
                    getFormFactor: function () {
                        return 1;
                    },
                    isOffline: function () {
                        return false;
                    },
                    isNetworkAvailable: function () {
                        return true;
                    },
                },
                factory: {
                    requestRender: function () {
                        schedule([]);
                    },
                    getPopupService: function () {
                        return null;
                    },
                },
                utils: {},
                navigation: {
                    openUrl: function (url) {
                        host.openedUrls.push(url);
                    },
                },
                page: { appId: form.appId || "", entityTypeName: "systemuser", entityId: form.entityId || "" },
                formatting: {},
                device: {},
                accessibility: { assignedTabIndex: 0, registerShortcut: function () {} },
                updatedProperties: updatedProperties,
                // One object for the page's life, as the app's theme is.
                fluentDesignLanguage: form.fluentDesignLanguage,
            };
        }

        function render(updatedProperties) {
            if (destroyed) return;
            try {
                host.updateViewCalls++;
                var element = control.updateView(buildContext(updatedProperties));
                ReactDOM.render(element, container);
                host.ready = true;
            } catch (error) {
                host.errors.push("updateView: " + (error && error.stack ? error.stack : error));
                throw error;
            }
        }

        var queued = null;
        function schedule(updatedProperties) {
            // The platform batches: one updateView per turn, with every property that changed.
            if (queued) {
                queued.push.apply(queued, updatedProperties);
                return;
            }
            queued = updatedProperties.slice();
            setTimeout(function () {
                var props = queued;
                queued = null;
                render(props);
            }, 0);
        }

        function notifyOutputChanged() {
            setTimeout(function () {
                if (destroyed) return;
                var outputs = control.getOutputs();
                host.outputs.push(outputs);
                if (
                    outputs &&
                    Object.prototype.hasOwnProperty.call(outputs, "accessMode") &&
                    outputs.accessMode !== undefined
                ) {
                    state.value = outputs.accessMode;
                    host.value = state.value;
                    schedule(["accessMode"]);
                }
            }, 0);
        }

        /** Saves as a form does: Modified On moves and the form passes it on; a refused save shows the error and changes nothing. */
        host.save = function () {
            host.saves++;
            var notification = document.getElementById("form-notification");
            if (form.saveFails) {
                notification.textContent = "Couldn't save: " + form.saveFails;
                notification.hidden = false;
                return;
            }
            notification.hidden = true;
            if (state.modifiedOn !== null) state.modifiedOn += 60 * 1000;
            showRecord(form, state);
            schedule(["modifiedOn"]);
        };
        document.getElementById("save").addEventListener("click", function () {
            host.save();
        });

        host.setValue = function (value) {
            state.value = value;
            host.value = value;
            schedule(["accessMode"]);
        };
        host.setDisabled = function (disabled) {
            state.disabled = disabled;
            schedule([]);
        };
        host.destroy = function () {
            destroyed = true;
            ReactDOM.unmountComponentAtNode(container);
            control.destroy();
        };

        try {
            control.init(buildContext([]), notifyOutputChanged, {}, container);
        } catch (error) {
            host.errors.push("init: " + (error && error.stack ? error.stack : error));
            throw error;
        }
        render(["accessMode", "defaultInteractiveMode"]);
    }

    function formatDate(ms) {
        return new Date(ms).toISOString().replace("T", " ").slice(0, 16);
    }

    /** The form's other fields, read-only, from the scenario's record; the form mirrors itself for a right-to-left language. */
    function showRecord(form, state) {
        var record = form.display || {};
        var text = function (id, value) {
            document.getElementById(id).textContent = value === undefined || value === null ? "" : String(value);
        };
        text("record-name", form.recordName || "New User");
        text("field-fullname", form.recordName || "");
        text("field-domainname", record.domainname);
        text("field-businessunit", record.businessUnit);
        text("field-status", record.isdisabled ? "Disabled" : "Enabled");
        text("field-islicensed", record.islicensed === undefined ? "" : record.islicensed ? "Yes" : "No");
        text("field-applicationid", record.applicationid);
        text("field-modifiedon", state.modifiedOn === null ? "" : formatDate(state.modifiedOn));
        if (form.isRTL) document.querySelector("main").setAttribute("dir", "rtl");
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
})();
