/**
 * User settings that keep a workbench opened by a script (the suite's, the demo's, the bench's) from
 * calling out or covering the views with tips, welcome pages and recommendations.
 */
export const QUIET_WORKBENCH_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};
