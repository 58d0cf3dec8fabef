import React from 'react';
import { Renderer } from '@k8slens/extensions';
import iconSvg from '../../../../media/trivy-findings.svg';

/** The sidebar icon of the overview page: the extension's icon (`media/`), drawn in the theme's colour. */
export function MenuIcon(props: Renderer.Component.IconProps): React.ReactElement {
  const { Icon } = Renderer.Component;
  return <Icon {...props} svg={iconSvg} />;
}
