import './jsdomGlobals.js';
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import React from 'react';
import { cleanup, render, screen } from '@testing-library/react';
import TrivyFindingsRenderer from '../src/renderer.js';
import { installedExtension } from './installedExtension.js';

afterEach(cleanup);

const extension = () => new TrivyFindingsRenderer(installedExtension());

describe('the Trivy Findings page of a cluster', () => {
  it('is reached from one sidebar entry, titled, whose target is the page', () => {
    const { clusterPages, clusterPageMenus } = extension();
    assert.equal(clusterPageMenus.length, 1);
    const [menu] = clusterPageMenus;
    assert.equal(menu!.title, 'Trivy Findings');
    assert.deepEqual(
      clusterPages.map((page) => page.id),
      [menu!.target?.pageId],
    );
  });

  it('shows its title and where the findings will be', () => {
    const [page] = extension().clusterPages;
    const Page = page!.components.Page;
    render(<Page />);
    screen.getByRole('heading', { name: 'Trivy Findings' });
    screen.getByText('The cluster’s findings appear here once the cluster store is connected.');
  });

  it('has the extension’s icon (media/) in the sidebar', () => {
    const [menu] = extension().clusterPageMenus;
    const Icon = menu!.components.Icon;
    const { container } = render(<Icon />);
    const icon = readFileSync(new URL('../../../media/trivy-findings.svg', import.meta.url), 'utf8');
    assert.equal(container.querySelector('.Icon')?.getAttribute('data-svg'), icon);
  });
});
