/**
 * Audio side of media import (AViGaS-NET mel spectrogram, AEG-CD-SZ per-frame audio).
 *
 * Parameter choices — NOT given by the thesis (which states only librosa, sr 22 050 Hz, 128 mels, dB relative to
 * the maximum over the whole file, 128-column crop centred on the frame, 3 channels); these are librosa defaults:
 * n_fft 2048; hop 512; periodic Hann window (scipy get_window fftbins=True); center=True with pad_mode 'constant'
 * (zeros, librosa ≥ 0.10; 'reflect' as an option); power 2; Slaney mel scale (htk=False) with Slaney area
 * normalisation; fmin 0, fmax sr/2; power_to_db with ref = np.max over the whole session, amin 1e-10, top_db 80.
 * Our own choices: frame-major float32 storage; column c = round((t − origin)·sr/hop); window [c − 64, c + 64);
 * edge columns = the spectrogram's minimum dB; [max − 80, max] dB → [−1, 1]; HWC window with row 0 = lowest mel.
 * See mel-params.ts, frame-window.ts, frame-audio-chunks.ts, pcm-reader.ts and spectrogram-cache.ts.
 */
export { DEFAULT_MEL_PARAMS, MEL_AMIN, describeParams, resolveMelParams } from './mel-params'
export type { MelParams, MelSpectrogram, PadMode } from './mel-params'
export { RealFft, centeredFrameCount, hannWindow, isPowerOfTwo, powerStft } from './stft'
export { applyMelFilterbank, hzToMel, melFilterbank, melFrequencies, melToHz } from './mel-filterbank'
export type { MelFilterbank, MelFilterbankOptions } from './mel-filterbank'
export { powerToDb } from './power-to-db'
export type { PowerToDbOptions, PowerToDbResult } from './power-to-db'
export { MelSpectrogramBuilder, computeMelSpectrogram, spectrogramColumn } from './mel-spectrogram'
export { classifyFfmpegFailure, decodePcm, ffmpegPcmArgs, openPcmStream } from './pcm-reader'
export type { PcmAudio, PcmReadOptions, PcmStream } from './pcm-reader'
export { computeSessionSpectrogram } from './session-spectrogram'
export type { SessionSpectrogramOptions, SessionSpectrogramResult } from './session-spectrogram'
export { FRAME_WINDOW_COLUMNS, columnForTimestamp, frameWindow, frameWindowAtColumn, scaleDb, timestampForColumn } from './frame-window'
export type { FrameWindowOptions } from './frame-window'
export { extractAudioSpan, frameAudioChunks, frameAudioSpans } from './frame-audio-chunks'
export type { FrameAudioChunk, FrameAudioOptions, FrameAudioSpan, PcmLike } from './frame-audio-chunks'
export {
  SPECTROGRAM_FORMAT_VERSION,
  SPECTROGRAM_HEADER_BYTES,
  SPECTROGRAM_MAGIC,
  decodeSpectrogram,
  encodeSpectrogram,
  readSpectrogramCache,
  spectrogramCacheKey,
  spectrogramCachePath,
  writeSpectrogramCache
} from './spectrogram-cache'
