import React, { useEffect, useRef, useState } from 'react';
import { invoke } from '@forge/bridge';
import { cachePrefs, currentSpeaker, legacyTheme, loadCachedPrefs, rememberSpeaker } from './prefs';

export default function App() {
  const [prefs, setPrefs] = useState(loadCachedPrefs());
  const [team, setTeam] = useState([]);
  const [speaker, setSpeaker] = useState(currentSpeaker());
  const [secondsLeft, setSecondsLeft] = useState(null);
  const timer = useRef(null);

  useEffect(() => {
    invoke('getPrefs').then((p) => {
      const merged = { theme: legacyTheme() ?? 'light', ...p };
      setPrefs(merged);
      cachePrefs(merged);
    });
    invoke('getTeam').then(setTeam);
    return () => clearInterval(timer.current);
  }, []);

  const start = (index) => {
    clearInterval(timer.current);
    setSpeaker(index);
    rememberSpeaker(index);
    setSecondsLeft(prefs.minutesPerPerson * 60);
    timer.current = setInterval(() => setSecondsLeft((s) => (s > 0 ? s - 1 : 0)), 1000);
  };

  if (!prefs) {
    return <p>Loading…</p>;
  }

  return (
    <main className={`theme-${prefs.theme ?? 'light'}`}>
      <h2>Standup</h2>
      <ol>
        {team.map((name, i) => (
          <li key={name} aria-current={i === speaker}>
            {name} <button onClick={() => start(i)}>Start</button>
          </li>
        ))}
      </ol>
      {secondsLeft !== null && <p>{Math.floor(secondsLeft / 60)}:{String(secondsLeft % 60).padStart(2, '0')} left</p>}
      <button onClick={() => start((speaker + 1) % Math.max(team.length, 1))}>Next speaker</button>
    </main>
  );
}
