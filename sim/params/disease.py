"""Human natural history and transmission of the virus (chikungunya or dengue).

Defaults are chikungunya, ECSA lineage with E1-A226V, in *Aedes albopictus*:
per-bite probabilities and human durations from Manore et al. 2014 (J Theor
Biol 356:174); mosquito infection per bite raised to the E1-A226V range
(Sci Rep 2018, s41598-018-34664-5); extrinsic incubation 2-3.5 d (Dubrulle et
al. 2009, PLoS One 4:e5895). Symptomatic share ~0.85 (Chinese surveillance
review). Onset-to-report median 4 d before the 2025 campaign (Zhang M et al.,
Infect Dis Poverty 2025).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.params.fields import label, param, probability, validate

__all__ = ["DiseaseParams"]


@dataclass(frozen=True)
class DiseaseParams:
    """Virus and human-disease parameters.

    Attributes:
        name: preset name.
        p_mosquito_to_human: chance an infectious bite infects a susceptible human.
        p_human_to_mosquito: chance a bite on a viraemic human infects the mosquito.
        eip_days: extrinsic incubation period in the mosquito (days).
        incubation_days: mean human intrinsic incubation (days, lognormal).
        incubation_sd_days: its standard deviation (days).
        presymptomatic_days: viraemia before symptom onset (d): chikungunya 1.5, an
            assumption of the La Reunion transfusion-risk model (Brouard et al. 2008);
            dengue 2 (human volunteers, infectious from 2 d before onset, cited in
            Duong et al. 2015 PNAS 112:14688).
        infectious_days: mean viraemic period after onset (days, lognormal).
        infectious_sd_days: its standard deviation (days).
        p_symptomatic: share of infections with symptoms.
        p_seek_care: share of symptomatic people who go to a clinic and get reported.
        p_diagnosed_before_alert: share of those clinic visits diagnosed and reported as
            this disease before the outbreak is recognised (the trigger fires, or as many
            cases are reported as would fire it, also when the strategy never switches):
            a virus new to the place is not tested for, so the first weeks of Foshan 2025
            went unseen (first onset 16 Jun, recognised 8 Jul) and reported cases rose
            faster than infections once active surveillance began. From the alert on,
            every clinic visit is diagnosed. 0.62 for chikungunya is fitted to Foshan
            2025 but weakly identified (0.39-0.97 within two seed standard errors;
            ``analysis.calibrate``, README calibration section); dengue, which Guangdong
            clinics test for routinely, sets 1.
        report_delay_days: median onset-to-report delay (days, lognormal with
            coefficient of variation 0.6).
        immune_after_recovery: recovered people cannot be re-infected.
    """

    name: str = label("chikungunya")
    p_mosquito_to_human: float = probability(0.33)
    p_human_to_mosquito: float = probability(0.75)
    eip_days: float = param(3.0, low=0.5, high=60.0)
    incubation_days: float = param(3.0, low=0.5, high=60.0)
    incubation_sd_days: float = param(1.5, low=0.0, high=30.0)
    presymptomatic_days: float = param(1.5, low=0.0, high=10.0)
    infectious_days: float = param(6.0, low=0.5, high=60.0)
    infectious_sd_days: float = param(1.5, low=0.0, high=30.0)
    p_symptomatic: float = probability(0.85)
    p_seek_care: float = probability(0.9)
    p_diagnosed_before_alert: float = probability(0.62)
    report_delay_days: float = param(4.0, low=0.0, high=60.0)
    immune_after_recovery: bool = True

    def __post_init__(self) -> None:
        validate(self)
