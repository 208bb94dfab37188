/** How one run of the release tool behaves; the CLI builds it from its flags. */
export interface ReleaseOptions {
  /** Workspace root the steps run in (holds pnpm-workspace.yaml); a throwaway copy in a dry run. */
  readonly root: string;
  /** The git working tree whose tags (`<name>@<version>`) mark releases; the real workspace. */
  readonly gitRoot: string;
  /** Everything but publishing and tagging, in a throwaway copy of the workspace. */
  readonly dryRun: boolean;
  readonly skipCodegen: boolean;
  readonly skipBuild: boolean;
  /** The caller vouches that the library packages' tests passed in an earlier CI step. */
  readonly skipTests: boolean;
  /** Use reports already in `reportsDir` (from an earlier CI step) instead of running conformance. */
  readonly skipConformance: boolean;
  /** Absolute folder of `<pack-id>.json` conformance reports. */
  readonly reportsDir: string;
  /** Release only these package names (and check that what they need is on the registry). */
  readonly only: readonly string[];
  /** Tag each published package `<name>@<version>` (the released-spec lookup needs it). */
  readonly gitTag: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}
