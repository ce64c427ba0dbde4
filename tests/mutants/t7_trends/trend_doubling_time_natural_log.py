"""doubling_time_months uses ln(2) with a slope in powers of ten"""
MODULE = "trends.py"


@dataclass(frozen=True)
class Trend:
    ooms_per_year: float
    reference_year: float
    log10_at_reference: float
    ooms_per_year_stderr: float = float("nan")
    n_points: int = 0

    @property
    def growth_per_year(self):
        return 10.0 ** self.ooms_per_year

    @property
    def doubling_time_months(self):
        if self.ooms_per_year == 0:
            return math.inf
        return 12.0 * math.log(2.0) / self.ooms_per_year

    def predict(self, year):
        offset = np.asarray(year, dtype=float) - self.reference_year
        value = 10.0 ** (self.log10_at_reference + self.ooms_per_year * offset)
        return float(value) if np.ndim(value) == 0 else value

    def describe(self):
        return f"{self.growth_per_year:.2f}x/yr"
