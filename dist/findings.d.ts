/**
 * The types of the public API (src/index.ts): what `lint()` takes and returns. They depend on nothing,
 * so their declarations ship as they are.
 */
export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';
/** A text edit: replace `[start, end)` (string offsets) of `file` with `text`. */
export interface TextEdit {
    start: number;
    end: number;
    text: string;
}
/** A fix: edits to one file, or the whole content of a file to create. */
export type Fix = {
    kind: 'edit';
    file: string;
    edits: TextEdit[];
} | {
    kind: 'create';
    file: string;
    text: string;
};
export interface LintOptions {
    /** Files or directories to lint; relative to `cwd`. Default: `['.']`. */
    paths?: string[];
    cwd?: string;
    /** Config file; by default the nearest `.dockerlintrc.json` up to the git root. */
    configFile?: string;
    /** Severity overrides by rule id (the CLI's `--rule id:severity`). */
    ruleSeverities?: ReadonlyMap<string, SeveritySetting>;
    fix?: boolean;
    /** Compute what `fix` would write in its first pass (`plannedFixes`), and write nothing. */
    fixDryRun?: boolean;
    reportUnusedDisableDirectives?: boolean;
    /**
     * Lint what changed since this git revision (see project/git.ts) and what those changes affect, within
     * `paths`; report findings in those files only. Excludes `stdin`.
     */
    changedSince?: string;
    /**
     * Lint this text as the file `filename` (relative to `cwd`) of the project on disk, which need not
     * exist: the rest of the project is read from disk, and only that file's findings are reported. For
     * editors, which lint the buffer being edited. Excludes `paths` and `fix`.
     */
    stdin?: {
        filename: string;
        content: Uint8Array;
    };
}
export interface RelatedFinding {
    file: string;
    line: number;
    column: number;
    message: string;
}
export interface Finding {
    /** Absolute path of the project root that `file` is relative to. */
    root: string;
    rule: string;
    severity: Severity;
    /** What is wrong: its first sentence at most 100 characters. */
    message: string;
    /** How to fix it. */
    help: string;
    /** The rule's docs page; `null` for findings that are not a rule's (unused disable directives). */
    docsUrl: string | null;
    /** Repo-relative, `/`-separated. */
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    related: RelatedFinding[];
    fix?: Fix;
}
export interface SkippedFix {
    /** Repo-relative path. */
    file: string;
    reason: string;
}
export interface PlannedFix {
    /** Repo-relative path. */
    file: string;
    before: string | undefined;
    after: string;
}
/** A project that was linted: its root and the config file that applied. */
export interface LintedProjectSummary {
    /** Absolute path of the project root. */
    root: string;
    /** Absolute path of its config file; `null` when the built-in recommended preset applied. */
    configFile: string | null;
}
export interface LintResult {
    findings: Finding[];
    /** Absolute paths of the files changed by `fix`. */
    fixedFiles: string[];
    /** Fixes that `fix` did not write (absolute paths), with the reason. */
    fixesSkipped: SkippedFix[];
    /** With `fixDryRun`: each file `fix` would write (absolute paths), before and after. */
    plannedFixes: PlannedFix[];
    /** The projects linted (a path may lie in a project of its own, rooted at its config file). */
    projects: LintedProjectSummary[];
    /** Milliseconds spent, summed over projects and fix passes: `load` (read and parse) and each rule by id. */
    timings: Map<string, number>;
}
