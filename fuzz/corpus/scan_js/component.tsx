import React from 'react';
export const A = () => { localStorage.setItem('k', 'v'); return <div onClick={() => fetch('https://api.mixpanel.com/track')} />; };
