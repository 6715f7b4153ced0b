import { useEffect, useRef } from 'react'

/**
 * Polls the first connected gamepad's left stick once per animation frame (Gamepad API) while `active`, calling
 * `onStick(x, y)` when it moved. Nothing runs when no gamepad is connected.
 */
export function useGamepad(active: boolean, onStick: (x: number, y: number) => void): void {
  const cb = useRef(onStick)
  cb.current = onStick
  useEffect(() => {
    if (!active || typeof navigator.getGamepads !== 'function') return
    let raf = 0
    let last = ''
    const poll = () => {
      const pad = [...navigator.getGamepads()].find((g) => g && g.connected && g.axes.length >= 2)
      if (pad) {
        const key = `${pad.axes[0].toFixed(3)},${pad.axes[1].toFixed(3)}`
        if (key !== last) {
          last = key
          cb.current(pad.axes[0], pad.axes[1])
        }
      }
      raf = requestAnimationFrame(poll)
    }
    const start = () => {
      cancelAnimationFrame(raf)
      raf = requestAnimationFrame(poll)
    }
    window.addEventListener('gamepadconnected', start)
    if ([...navigator.getGamepads()].some((g) => g?.connected)) start()
    return () => {
      window.removeEventListener('gamepadconnected', start)
      cancelAnimationFrame(raf)
    }
  }, [active])
}
