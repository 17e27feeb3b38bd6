import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// What the GitHub Marketplace needs from an action's metadata, for every action.yml in the repository: the root one
// and those in a folder (ecs-express/action.yml), so a new action meets it from its first commit.

/** Feather v4.28.0 icons GitHub accepts for `branding.icon` (GitHub's metadata syntax reference, exhaustive list). */
const ICONS = new Set(
  `activity airplay alert-circle alert-octagon alert-triangle align-center align-justify align-left align-right
  anchor aperture archive arrow-down-circle arrow-down-left arrow-down-right arrow-down arrow-left-circle arrow-left
  arrow-right-circle arrow-right arrow-up-circle arrow-up-left arrow-up-right arrow-up at-sign award bar-chart-2
  bar-chart battery-charging battery bell-off bell bluetooth bold book-open book bookmark box briefcase calendar
  camera-off camera cast check-circle check-square check chevron-down chevron-left chevron-right chevron-up
  chevrons-down chevrons-left chevrons-right chevrons-up circle clipboard clock cloud-drizzle cloud-lightning
  cloud-off cloud-rain cloud-snow cloud code command compass copy corner-down-left corner-down-right
  corner-left-down corner-left-up corner-right-down corner-right-up corner-up-left corner-up-right cpu credit-card
  crop crosshair database delete disc dollar-sign download-cloud download droplet edit-2 edit-3 edit external-link
  eye-off eye fast-forward feather file-minus file-plus file-text file film filter flag folder-minus folder-plus
  folder gift git-branch git-commit git-merge git-pull-request globe grid hard-drive hash headphones heart
  help-circle home image inbox info italic layers layout life-buoy link-2 link list loader lock log-in log-out mail
  map-pin map maximize-2 maximize menu message-circle message-square mic-off mic minimize-2 minimize minus-circle
  minus-square minus monitor moon more-horizontal more-vertical move music navigation-2 navigation octagon package
  paperclip pause-circle pause percent phone-call phone-forwarded phone-incoming phone-missed phone-off
  phone-outgoing phone pie-chart play-circle play plus-circle plus-square plus pocket power printer radio
  refresh-ccw refresh-cw repeat rewind rotate-ccw rotate-cw rss save scissors search send server settings share-2
  share shield-off shield shopping-bag shopping-cart shuffle sidebar skip-back skip-forward slash sliders
  smartphone speaker square star stop-circle sun sunrise sunset table tablet tag target terminal thermometer
  thumbs-down thumbs-up toggle-left toggle-right trash-2 trash trending-down trending-up triangle truck tv type
  umbrella underline unlock upload-cloud upload user-check user-minus user-plus user-x user users video-off video
  voicemail volume-1 volume-2 volume-x volume watch wifi-off wifi wind x-circle x-square x zap-off zap zoom-in
  zoom-out`.split(/\s+/),
);
const COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];
/** The Marketplace's publish form refuses a description of 125 characters or more. */
const MAX_DESCRIPTION = 124;

/** `action.yml` / `action.yaml` at the root and one folder down, as the globs `action.yml` and `*\/action.yml`. */
function actionFiles(root = '.'): string[] {
  const names = ['action.yml', 'action.yaml'];
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .map((entry) => entry.name);
  return ['', ...folders]
    .flatMap((folder) => names.map((name) => (folder ? join(folder, name) : name)))
    .filter((path) => existsSync(join(root, path)))
    .sort();
}

/** What keeps an action's metadata off the Marketplace; empty when it is ready. */
function checkMetadata(metadata: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const text = (key: string) => (typeof metadata[key] === 'string' ? (metadata[key] as string).trim() : '');
  for (const key of ['name', 'description', 'author']) if (!text(key)) problems.push(`no ${key}`);
  if (text('description').length > MAX_DESCRIPTION) {
    problems.push(`description is ${text('description').length} characters (at most ${MAX_DESCRIPTION})`);
  }
  const branding = metadata.branding as { icon?: unknown; color?: unknown } | undefined;
  if (!branding) return [...problems, 'no branding'];
  if (!ICONS.has(String(branding.icon))) problems.push(`branding.icon "${branding.icon}" is not an accepted icon`);
  if (!COLORS.includes(String(branding.color))) problems.push(`branding.color "${branding.color}" is not accepted`);
  return problems;
}

const files = actionFiles();
const load = (path: string) => parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('action metadata for the Marketplace', () => {
  it('finds the root action.yml, and only action files outside node_modules', () => {
    expect(files).toContain('action.yml');
    expect(files.every((path) => !path.includes('node_modules'))).toBe(true);
  });

  it.each(files.map((path) => [path]))('%s has name, description, author and an accepted branding', (path) => {
    expect(checkMetadata(load(path))).toEqual([]);
  });

  it('gives each action its own name (the Marketplace lists actions by name)', () => {
    const names = files.map((path) => String(load(path).name).trim().toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('knows the accepted icons and colours', () => {
    expect(ICONS.size).toBe(257);
    // Feather icons GitHub leaves out.
    for (const omitted of ['coffee', 'key', 'tool', 'hexagon', 'x-octagon']) expect(ICONS.has(omitted)).toBe(false);
    expect(COLORS).toHaveLength(9);
  });

  it('reports what is missing or not accepted', () => {
    expect(checkMetadata({})).toEqual(['no name', 'no description', 'no author', 'no branding']);
    expect(
      checkMetadata({
        name: 'x',
        description: 'd'.repeat(125),
        author: 'a',
        branding: { icon: 'coffee', color: 'pink' },
      }),
    ).toEqual([
      'description is 125 characters (at most 124)',
      'branding.icon "coffee" is not an accepted icon',
      'branding.color "pink" is not accepted',
    ]);
  });
});
