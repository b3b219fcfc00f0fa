import { useEffect } from 'react';
import { isEmbedMode } from './embed/embedMode';
import { IdeLayout } from './layout/IdeLayout';
import { useWorkerStatus } from './state/workerStatus';

export function App() {
  const probe = useWorkerStatus((s) => s.probe);
  useEffect(() => probe(), [probe]);
  return <IdeLayout embed={isEmbedMode()} />;
}
