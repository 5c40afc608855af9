// Every bound of the forecasting module, named once (see ARCHITECTURE.md "Everything is bounded"); in core so pure code may import it.

/** Limits and fixed tuning constants of the forecasting module. */
export const forecastingLimits = {
  /** 100 years of weekly points: 100 * 52.1775 weeks, rounded up. */
  horizonStepsMax: 5_218,
  /** Fewest weekly points a forecast accepts: enough for a fit plus one backtest fold. */
  seriesLengthMin: 16,
  /** Most weekly points a forecast accepts (200 years). */
  seriesLengthMax: 10_436,
  /** Most raw samples one resampling call accepts. */
  resampleSamplesMax: 1_000_000,
  /** Seasonal period used for weekly data (one year of weeks). */
  seasonalPeriodDefault: 52,
  /** Largest seasonal period accepted. */
  seasonalPeriodMax: 104,
  /** Window of the moving-average model, in weeks (one quarter). */
  movingAverageWindow: 13,
  /** Highest polynomial trend degree tried by cross-validation; higher degrees explode when extrapolated. */
  polynomialDegreeMax: 3,
  /** Rolling-origin folds used by the backtest and by the polynomial degree choice. */
  backtestFoldsDefault: 4,
  backtestFoldsMax: 8,
  /** Longest backtest horizon in steps (one year of weeks). */
  backtestHorizonMax: 52,
  /** Objective evaluations allowed to one Nelder-Mead parameter search. */
  nelderMeadEvaluationsMax: 400,
  /** Autocorrelation at the seasonal lag (of the detrended series) above which seasonality is declared. */
  seasonalAutocorrelationMin: 0.3,
  /** CAGR needs at least one year of weekly history; shorter spans would be annualised extrapolation. */
  cagrWeeksMin: 52,
  /** A trend whose scale-normalised slope is below this fraction per year is called flat (1%/year). */
  trendFlatRelativePerYearMax: 0.01,
  /** Coefficient-of-variation bands for the volatility label. */
  volatilityLowCvMax: 0.1,
  volatilityModerateCvMax: 0.3,
  /** Expected change, in percent of the last value, above which growth (or below minus which decline) is flagged. */
  insightChangePercentMin: 5,
  /** Backtest coverage of the nominal 95% interval below which intervals are called overconfident. */
  insightCoverageMin: 0.8,
  /** Interval width relative to the forecast level above which a forecast is called highly uncertain. */
  insightRelativeWidthMax: 1,
  /** Interval width relative to the forecast level below which the forecast is called narrow (stable). */
  insightRelativeWidthNarrowMax: 0.2,
  /** Insight horizons in weekly steps: one year and ten years; "long" is the requested horizon. */
  insightShortSteps: 52,
  insightMediumSteps: 522,
} as const;

/** Mean weeks per Gregorian year: 365.2425 / 7. */
export const weeksPerYear = 365.2425 / 7;
