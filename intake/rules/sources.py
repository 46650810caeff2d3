"""The reference list behind the rules: source id -> full citation and links.

Taken from section 9 of ../shared/clinical/README.md (the clinical evidence for this project),
plus two ids for honesty where a rule has no published source: ``SOURCE-DOC`` (the clinic's own
description of the heel-to-thigh compensation pattern) and ``NO-SOURCE`` (a design choice or common
practice, flagged as such in the README). The evidence tags ([seen], [secondary], [recalled]) of each
claim live in the README; a rule's ``rationale`` says when its evidence is weak.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    urls: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """The first link the README gives, or an empty string when it gives none."""
        return self.urls[0] if self.urls else ""


SOURCE_LIST: tuple[Source, ...] = (
    # Project sources without a publication
    Source(
        "SOURCE-DOC",
        (
            "The clinic's source document describing heel pain (plantar fasciitis) driving back-of-thigh "
            "compensation, and its descriptions of each pathway. Not a published source: the README marks "
            "its claims 'source doc'."
        ),
    ),
    Source(
        "NO-SOURCE",
        (
            "No published source found during the research for this project: a design assumption or common "
            "clinical practice, marked [NO SOURCE] in the clinical README (sections 7 and 8). To be confirmed "
            "by the clinical lead."
        ),
    ),
    # Guidelines and pathways
    Source(
        "CPG14",
        (
            "Martin RL, Davenport TE, Reischl SF, McPoil TG, Matheson JW, Wukich DK, McDonough CM. Heel "
            "pain—plantar fasciitis: revision 2014. J Orthop Sports Phys Ther 2014;44(11):A1–A33. "
            "doi:10.2519/jospt.2014.0303. Summary seen at https://jesse.tg/ngc-archive/summary/11093"
        ),
        ("https://jesse.tg/ngc-archive/summary/11093",),
    ),
    Source(
        "CPG23",
        (
            "Koc TA Jr, Bise CG, Neville C, Carreira D, Martin RL, McDonough CM. Heel pain – plantar "
            "fasciitis: revision 2023. J Orthop Sports Phys Ther 2023;53(12):CPG1–CPG39. "
            "doi:10.2519/jospt.2023.0303"
        ),
        (),
    ),
    Source(
        "PPL24",
        (
            "Morris S. Managing plantar fasciitis – 2023 update of clinical practice guidelines. PPL "
            "Biomechanics, 2024. "
            "https://www.pplbiomechanics.com/blogs/news/managing-plantar-fasciitis-new-updates-to-the-2014-clinical-practice-guidelines"
        ),
        (
            "https://www.pplbiomechanics.com/blogs/news/managing-plantar-fasciitis-new-updates-to-the-2014-clinical-practice-guidelines",
        ),
    ),
    Source(
        "MOR21",
        (
            "Morrissey D, Cotchett M, Said J'Bari A, Prior T, Griffiths IB, Rathleff MS, Gulle H, Vicenzino "
            "B, Barton CJ. Management of plantar heel pain: a best practice guide informed by a systematic "
            "review, expert clinical reasoning and patient values. Br J Sports Med 2021;55(19):1106–1118. "
            "doi:10.1136/bjsports-2019-101970. Summaries seen: "
            "https://www.chpgroup.com/evidence-in-ih/best-practice-guide-for-heel-pain/ ; "
            "https://sportsandspinalphysio.com.au/shockwave-therapy-for-plantar-fasciitis-available-in-brisbane-sunshine-coast-gold-coast-areas"
        ),
        (
            "https://www.chpgroup.com/evidence-in-ih/best-practice-guide-for-heel-pain/",
            "https://sportsandspinalphysio.com.au/shockwave-therapy-for-plantar-fasciitis-available-in-brisbane-sunshine-coast-gold-coast-areas",
        ),
    ),
    Source(
        "ACFAS",
        (
            "Schneider HP, Baca JM, Carpenter BB, et al. ACFAS clinical consensus statement: diagnosis and "
            "treatment of adult acquired infracalcaneal heel pain. J Foot Ankle Surg 2018;57(2):370–381 (via "
            "BMJ Best Practice excerpt)."
        ),
        (),
    ),
    Source(
        "CPG22H",
        (
            "Martin RL, Cibulka MT, Bolgla LA, Koc TA Jr, Loudon JK, Manske RC, Weiss L, Christoforetti JJ, "
            "Heiderscheit BC. Hamstring strain injury in athletes. J Orthop Sports Phys Ther "
            "2022;52(3):CPG1–CPG44. doi:10.2519/jospt.2022.0301"
        ),
        (),
    ),
    Source(
        "NG59",
        (
            "NICE. Low back pain and sciatica in over 16s: assessment and management (NG59), 2016, updated "
            "2020. https://www.nice.org.uk/guidance/ng59/chapter/Recommendations ; public information "
            "https://nice.org.uk/guidance/ng59/ifp/chapter/Exercise-and-physical-activity"
        ),
        (
            "https://www.nice.org.uk/guidance/ng59/chapter/Recommendations",
            "https://nice.org.uk/guidance/ng59/ifp/chapter/Exercise-and-physical-activity",
        ),
    ),
    Source(
        "NG158",
        (
            "NICE. Venous thromboembolic diseases: diagnosis, management and thrombophilia testing (NG158), "
            "2020. https://nice.org.uk/guidance/NG158/chapter/recommendations"
        ),
        ("https://nice.org.uk/guidance/NG158/chapter/recommendations",),
    ),
    Source(
        "CKS",
        (
            "NICE Clinical Knowledge Summaries. Sciatica (lumbar radiculopathy): interpreting red flags "
            "(archived version seen): "
            "http://www.cks.nhs.uk/sciatica_lumbar_radiculopathy/management/scenario_diagnosis/assessing_for_serious_risks_red_flags/interpreting_red_flags"
            " ; current topic: https://cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy/ (not retrieved)"
        ),
        (
            "http://www.cks.nhs.uk/sciatica_lumbar_radiculopathy/management/scenario_diagnosis/assessing_for_serious_risks_red_flags/interpreting_red_flags",
            "https://cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy/",
        ),
    ),
    Source(
        "GIRFT23",
        (
            "NHS England Getting It Right First Time. National suspected cauda equina syndrome pathway, 2023. "
            "https://girft-interactivepathways.org.uk/cauda-equina-1/ces-pres-primary-comm-3a-1/ ; "
            "https://gettingitrightfirsttime.co.uk/pathway-supports-clinicians-to-diagnose-and-treat-cauda-equina-syndrome-without-delay/"
        ),
        (
            "https://girft-interactivepathways.org.uk/cauda-equina-1/ces-pres-primary-comm-3a-1/",
            "https://gettingitrightfirsttime.co.uk/pathway-supports-clinicians-to-diagnose-and-treat-cauda-equina-syndrome-without-delay/",
        ),
    ),
    Source(
        "RCR23",
        ("Royal College of Radiologists Clinical Imaging Board. MRI provision for cauda equina syndrome, 2023."),
        (),
    ),
    Source(
        "BMJ-BP-CES",
        "BMJ Best Practice. Cauda equina syndrome: history and exam (excerpt seen).",
        (),
    ),
    Source(
        "LOTH",
        (
            "NHS Lothian RefHelp. Serious lumbar spine conditions (red flags), 2025. "
            "https://apps.nhslothian.scot/refhelp/guidelines/musculoskeletalphysiotherapy/lumbarspine/serious-lumbar-spine-conditions-red-flags/"
        ),
        (
            "https://apps.nhslothian.scot/refhelp/guidelines/musculoskeletalphysiotherapy/lumbarspine/serious-lumbar-spine-conditions-red-flags/",
        ),
    ),
    Source(
        "GCARE",
        (
            "NHS Gloucestershire G-Care. Red flags for spinal conditions. "
            "https://g-care.glos.nhs.uk/pathway/75/resource/3"
        ),
        ("https://g-care.glos.nhs.uk/pathway/75/resource/3",),
    ),
    Source(
        "SHEF",
        (
            "Sheffield Aches and Pains (NHS). Red flags in spinal pain. "
            "https://professionals.sheffieldachesandpains.com/pathways/nerve-root-pain/red-flags-in-spinal-pain"
        ),
        ("https://professionals.sheffieldachesandpains.com/pathways/nerve-root-pain/red-flags-in-spinal-pain",),
    ),
    Source(
        "NHS-SCI",
        (
            "NHS website. Sciatica — when to go to A&E (wording seen via a copy). "
            "https://www.nhs.uk/conditions/sciatica/"
        ),
        ("https://www.nhs.uk/conditions/sciatica/",),
    ),
    Source(
        "NHS-DVT",
        ("NHS website. DVT (wording seen via press copies). https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/"),
        ("https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",),
    ),
    Source(
        "OTT",
        (
            "Royal College of Emergency Medicine Learning. Ottawa ankle and foot rules. "
            "https://www.rcemlearning.co.uk/modules/foot-injuries-and-foot-pain-part-1/lessons/ottawa-ankle-and-foot-rules/"
        ),
        (
            "https://www.rcemlearning.co.uk/modules/foot-injuries-and-foot-pain-part-1/lessons/ottawa-ankle-and-foot-rules/",
        ),
    ),
    # Plantar fasciitis: risk, association and gait
    Source(
        "RID03",
        (
            "Riddle DL, Pulisic M, Pidcoe P, Johnson RE. Risk factors for plantar fasciitis: a matched "
            "case-control study. J Bone Joint Surg Am 2003;85(5):872–877."
        ),
        (),
    ),
    Source(
        "IRV07",
        (
            "Irving DB, Cook JL, Young MA, Menz HB. Obesity and pronated foot type may increase the risk of "
            "chronic plantar heel pain: a matched case-control study. BMC Musculoskelet Disord 2007;8:41. "
            "https://bmcmusculoskeletdisord.biomedcentral.com/articles/10.1186/1471-2474-8-41"
        ),
        ("https://bmcmusculoskeletdisord.biomedcentral.com/articles/10.1186/1471-2474-8-41",),
    ),
    Source(
        "VLE16",
        (
            "van Leeuwen KDB, Rogers J, Winzenberg T, van Middelkoop M. Higher body mass index is associated "
            "with plantar fasciopathy/'plantar fasciitis': systematic review and meta-analysis. Br J Sports "
            "Med 2016;50:972–981. doi:10.1136/bjsports-2015-094695"
        ),
        (),
    ),
    Source(
        "HW21",
        (
            "Hamstra-Wright KL, Huxel Bliven KC, Bay RC, Aydemir B. Risk factors for plantar fasciitis in "
            "physically active individuals: a systematic review and meta-analysis. Sports Health "
            "2021;13(3):296–303. doi:10.1177/1941738120970976"
        ),
        (),
    ),
    Source(
        "LAN21",
        (
            "Landorf KB, Kaminski MR, Munteanu SE, Zammit GV, Menz HB. Clinical measures of foot posture and "
            "ankle joint dorsiflexion do not differ in adults with and without plantar heel pain. Sci Rep "
            "2021."
        ),
        (),
    ),
    Source(
        "HAR05",
        (
            "Harty J, Soffe K, O'Toole G, Stephens MM. The role of hamstring tightness in plantar fasciitis. "
            "Foot Ankle Int 2005;26(12):1089–1092. doi:10.1177/107110070502601215"
        ),
        (),
    ),
    Source(
        "LAB11",
        (
            "Labovitz JM, Yu J, Kim C. The role of hamstring tightness in plantar fasciitis. Foot Ankle Spec "
            "2011;4(3):141–144. doi:10.1177/1938640010397341. https://pubmed.ncbi.nlm.nih.gov/21368068/ ; "
            "commentary https://lermagazine.com/article/stretching-out-plantar-fasciitis"
        ),
        (
            "https://pubmed.ncbi.nlm.nih.gov/21368068/",
            "https://lermagazine.com/article/stretching-out-plantar-fasciitis",
        ),
    ),
    Source(
        "BOL13",
        (
            "Bolívar YA, Munuera PV, Padillo JP. Relationship between tightness of the posterior muscles of "
            "the lower limb and plantar fasciitis. Foot Ankle Int 2013;34(1):42–48. "
            "doi:10.1177/1071100712459173"
        ),
        (),
    ),
    Source(
        "SAG",
        (
            "Sagar A, Quratulain A, Shahid E, Sohail A, Rajput R. Comparison of lower extremity function and "
            "hamstring tightness in individuals with or without plantar fasciitis. J Health Wellness "
            "Community Res (year not seen). https://jhwcr.com/index.php/jhwcr/article/view/1241"
        ),
        ("https://jhwcr.com/index.php/jhwcr/article/view/1241",),
    ),
    Source(
        "CAI",
        (
            "The correlation between hamstring tightness and plantar fasciitis. Med J Cairo Univ (year not "
            "seen). https://mjcu.journals.ekb.eg/article_52353.html"
        ),
        ("https://mjcu.journals.ekb.eg/article_52353.html",),
    ),
    Source(
        "WIL16",
        (
            "Wilke J, Krause F, Vogt L, Banzer W. What is evidence-based about myofascial chains: a "
            "systematic review. Arch Phys Med Rehabil 2016;97(3):454–461. doi:10.1016/j.apmr.2015.07.023"
        ),
        (),
    ),
    Source(
        "KRA16",
        (
            "Krause F, Wilke J, Vogt L, Banzer W. Intermuscular force transmission along myofascial chains: a "
            "systematic review. J Anat 2016;228(6):910–918. https://pmc.ncbi.nlm.nih.gov/articles/PMC5341578"
        ),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC5341578",),
    ),
    Source(
        "WIL20",
        (
            "Wilke J, Debelle H, Tenberg S, Dilley A, Maganaris C. Ankle motion is associated with soft "
            "tissue displacement in the dorsal thigh. Front Physiol 2020;11:180. "
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC7069338"
        ),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC7069338",),
    ),
    Source(
        "BURK20",
        (
            "Burk C, Perry J, Lis S, Dischiavi S, Bleakley C. Can myofascial interventions have a remote "
            "effect on ROM? J Sport Rehabil 2020;29(5):650–656."
        ),
        (),
    ),
    Source(
        "PHI17",
        (
            "Phillips A, McClinton S. Gait deviations associated with plantar heel pain: a systematic review. "
            "Clin Biomech 2017;42:55–64. doi:10.1016/j.clinbiomech.2016.12.012"
        ),
        (),
    ),
    Source(
        "FOOT22",
        (
            "Impact of plantar fasciitis on postural control and walking in young middle-aged adults. Foot "
            "(Edinb) 2022;53:101951."
        ),
        (),
    ),
    Source(
        "KAM16",
        (
            "Kamonseki DH, Gonçalves GA, Yi LC, Lombardi Júnior I. Effect of stretching with and without "
            "muscle strengthening exercises for the foot and hip in patients with plantar fasciitis: a "
            "randomized controlled single-blind clinical trial. Man Ther 2016;23:76–82. "
            "doi:10.1016/j.math.2015.10.006"
        ),
        (),
    ),
    Source(
        "YANG21",
        (
            "Yang SB, Lee SB. Comparison of hip muscle strengthening exercise and stretching of lower "
            "extremity in plantar fasciitis. J Korean Acad Orthop Man Phys Ther 2021;27(3):47–55."
        ),
        (),
    ),
    Source(
        "GUL23",
        (
            "Gulle H, Morrissey D, Tan XL, et al. Predicting the outcome of plantar heel pain in adults: a "
            "systematic review of prognostic factors. J Foot Ankle Res 2023."
        ),
        (),
    ),
    # Heel tests and differentials
    Source(
        "DEG03",
        (
            "De Garceau D, Dean D, Requejo SM, Thordarson DB. The association between diagnosis of plantar "
            "fasciitis and windlass test results. Foot Ankle Int 2003;24(3):251–255 (figures seen at "
            "https://australiansportsphysio.com/doctors_notes/assessing-plantar-fasciitis/)."
        ),
        ("https://australiansportsphysio.com/doctors_notes/assessing-plantar-fasciitis/",),
    ),
    Source(
        "SPR16",
        (
            "Brazilian FFI validation citing the CPG14 criteria. SpringerPlus 2016. "
            "https://springerplus.springeropen.com/articles/10.1186/s40064-016-3507-4"
        ),
        ("https://springerplus.springeropen.com/articles/10.1186/s40064-016-3507-4",),
    ),
    Source(
        "ULT20",
        (
            "High-resolution ultrasonography of the plantar fascia in heel pain (PMC7425221). "
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC7425221"
        ),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC7425221",),
    ),
    Source(
        "GPN",
        (
            "GPnotebook / Pharmacy-notebook. Plantar fasciitis: clinical features (reviewed 01/2018). "
            "https://pharmacy-notebook.com/en-gb/simplepage.cfm?ID=-1207566293&linkID=26577"
        ),
        ("https://pharmacy-notebook.com/en-gb/simplepage.cfm?ID=-1207566293&linkID=26577",),
    ),
    Source(
        "LAR14",
        (
            "Lareau CR, Sawyer GA, Wang JH, DiGiovanni CW. Plantar and medial heel pain: diagnosis and "
            "management. J Am Acad Orthop Surg 2014;22(6):372–380."
        ),
        (),
    ),
    Source(
        "SP24",
        "StatPearls. Plantar heel pain (updated 2024). https://statpearls.com/point-of-care/27291",
        ("https://statpearls.com/point-of-care/27291",),
    ),
    Source(
        "FPN",
        "FPnotebook. Calcaneal stress fracture. https://fpnotebook.com/Ortho/Foot/ClcnsStrsFrctr.htm",
        ("https://fpnotebook.com/Ortho/Foot/ClcnsStrsFrctr.htm",),
    ),
    Source(
        "AMB",
        ("AMBOSS. Tarsal tunnel syndrome. https://knowledge.manus.amboss.com/us/knowledge/tarsal-tunnel-syndrome"),
        ("https://knowledge.manus.amboss.com/us/knowledge/tarsal-tunnel-syndrome",),
    ),
    Source(
        "HUT13",
        (
            "Hutchison AM, Evans R, Bodger O, et al. What is the best clinical test for Achilles "
            "tendinopathy? Foot Ankle Surg 2013;19:112–117 (figures seen at "
            "https://www.physiospot.com/2013/07/28/what-is-the-best-clinical-test-for-achilles-tendinopathy/)."
        ),
        ("https://www.physiospot.com/2013/07/28/what-is-the-best-clinical-test-for-achilles-tendinopathy/",),
    ),
    Source(
        "APTA-AT",
        (
            "APTA Test & Measure: Achilles tendon palpation test. "
            "https://www.apta.org/patient-care/evidence-based-practice-resources/test-measures/achilles-tendon-palpation-test"
        ),
        (
            "https://www.apta.org/patient-care/evidence-based-practice-resources/test-measures/achilles-tendon-palpation-test",
        ),
    ),
    Source(
        "HPS",
        "Heel pad syndrome (Wikipedia). https://en.wikipedia.org/wiki/Heel_pad_syndrome",
        ("https://en.wikipedia.org/wiki/Heel_pad_syndrome",),
    ),
    # Hamstring
    Source(
        "HEI10",
        (
            "Heiderscheit BC, Sherry MA, Silder A, Chumanov ES, Thelen DG. Hamstring strain injuries: "
            "recommendations for diagnosis, rehabilitation, and injury prevention. J Orthop Sports Phys Ther "
            "2010;40(2):67–81. https://pmc.ncbi.nlm.nih.gov/articles/PMC2867336"
        ),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC2867336",),
    ),
    Source(
        "KER13",
        (
            "Kerkhoffs GMMJ, van Es N, Wieldraaijer T, Sierevelt IN, Ekstrand J, van Dijk CN. Diagnosis and "
            "prognosis of acute hamstring injuries in athletes. Knee Surg Sports Traumatol Arthrosc "
            "2013;21(2):500–509. https://pmc.ncbi.nlm.nih.gov/articles/PMC3549245"
        ),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC3549245",),
    ),
    Source(
        "ISH20",
        (
            "Ishøi L, Krommes K, Husted RS, Juhl CB, Thorborg K. Diagnosis, prevention and treatment of "
            "common lower extremity muscle injuries in sport – grading the evidence. Br J Sports Med "
            "2020;54(9):528–537."
        ),
        (),
    ),
    Source(
        "WAR10",
        (
            "Warren P, Gabbe BJ, Schneider-Kolsky M, Bennell KL. Clinical predictors of time to return to "
            "competition and of recurrence following hamstring strain in elite Australian footballers. Br J "
            "Sports Med 2010;44(6):415–419."
        ),
        (),
    ),
    Source(
        "MOE14",
        (
            "Moen MH, Reurink G, Weir A, Tol JL, Maas M, Goudswaard GJ. Predicting return to play after "
            "hamstring injuries. Br J Sports Med 2014;48(18):1358–1363."
        ),
        (),
    ),
    Source(
        "ASK10",
        (
            "Askling CM, Nilsson J, Thorstensson A. A new hamstring test to complement the common clinical "
            "examination before return to sport after injury. Knee Surg Sports Traumatol Arthrosc "
            "2010;18(12):1798–1803. https://pubmed.ncbi.nlm.nih.gov/20852842/"
        ),
        ("https://pubmed.ncbi.nlm.nih.gov/20852842/",),
    ),
    Source(
        "ASK13",
        (
            "Askling CM, Tengvar M, Thorstensson A. Acute hamstring injuries in Swedish elite football: a "
            "prospective randomised controlled clinical trial comparing two rehabilitation protocols. Br J "
            "Sports Med 2013;47(15):953–959."
        ),
        (),
    ),
    Source(
        "ASK14",
        (
            "Askling CM, Tengvar M, Tarassova O, Thorstensson A. Acute hamstring injuries in Swedish elite "
            "sprinters and jumpers: a prospective randomised controlled clinical trial comparing two "
            "rehabilitation protocols. Br J Sports Med 2014;48(7):532–539."
        ),
        (),
    ),
    Source(
        "ISPT-HTEST",
        (
            "Normative H-test values in a cohort of 113 healthy soccer and track and field athletes. Int J "
            "Sports Phys Ther. https://ijspt.scholasticahq.com/article/162344"
        ),
        ("https://ijspt.scholasticahq.com/article/162344",),
    ),
    Source(
        "TUR98",
        (
            "Turl SE, George KP. Adverse neural tension: a factor in repetitive hamstring strain? J Orthop "
            "Sports Phys Ther 1998;27(1):16–21."
        ),
        (),
    ),
    Source(
        "SPRINGER-HAM",
        (
            "Diagnosis and prognosis of hamstring injury (book chapter, Springer 2020). "
            "https://link.springer.com/chapter/10.1007/978-3-030-31638-9_7"
        ),
        ("https://link.springer.com/chapter/10.1007/978-3-030-31638-9_7",),
    ),
    Source(
        "COL",
        (
            "Colosimo AJ, Wyatt HM, Frank KA, Mangine RE. Hamstring avulsion injuries. Oper Tech Sports Med "
            "(year not seen)."
        ),
        (),
    ),
    Source(
        "MSK-KEY",
        (
            "Repair of proximal hamstring avulsion (clinical presentation). "
            "https://musculoskeletalkey.com/15-repair-of-proximal-hamstring-avulsion"
        ),
        ("https://musculoskeletalkey.com/15-repair-of-proximal-hamstring-avulsion",),
    ),
    Source(
        "ORTHOEM",
        (
            "Jones S. Goodbye thigh (proximal hamstring avulsion case). "
            "https://www.orthoempearls.com/articles/goodbye-thigh"
        ),
        ("https://www.orthoempearls.com/articles/goodbye-thigh",),
    ),
    Source(
        "BUC17",
        (
            "Buckwalter J, Westermann R, Amendola A. Complete proximal hamstring avulsions: is there a role "
            "for conservative management? J ISAKOS 2017;2(1):31–35."
        ),
        (),
    ),
    Source(
        "VDM15",
        (
            "van der Made AD, Reurink G, Gouttebarge V, Tol JL, Kerkhoffs GM. Outcome after surgical repair "
            "of proximal hamstring avulsions: a systematic review. Am J Sports Med 2015;43(11):2841–2851."
        ),
        (),
    ),
    Source(
        "BJO22",
        (
            "Outcomes following surgical management of proximal hamstring tendon avulsions: a systematic "
            "review and meta-analysis. Bone Jt Open 2022;3(5). "
            "https://boneandjoint.org.uk/article/10.1302/2633-1462.35.BJO-2021-0196.R1"
        ),
        ("https://boneandjoint.org.uk/article/10.1302/2633-1462.35.BJO-2021-0196.R1",),
    ),
    Source(
        "BER21",
        (
            "Bertiche P, Mohtadi N, Chan D, Hölmich P. Proximal hamstring tendon avulsion: state of the art. "
            "J ISAKOS 2021;6:237–246."
        ),
        (),
    ),
    # Sciatica
    Source(
        "DEV00",
        (
            "Devillé WL, van der Windt DA, Dzaferagić A, Bezemer PD, Bouter LM. The test of Lasègue: "
            "systematic review of the accuracy in diagnosing herniated discs. Spine 2000;25(9):1140–1147."
        ),
        (),
    ),
    Source(
        "VDW10",
        (
            "van der Windt DA, Simons E, Riphagen II, et al. Physical examination for lumbar radiculopathy "
            "due to disc herniation in patients with low-back pain. Cochrane Database Syst Rev "
            "2010;(2):CD007431."
        ),
        (),
    ),
    Source(
        "SCA12",
        (
            "Scaia V, Baxter D, Cook C. The pain provocation-based straight leg raise test for diagnosis of "
            "lumbar disc herniation, lumbar radiculopathy, and/or sciatica: a systematic review. J Back "
            "Musculoskelet Rehabil 2012;25(4):215–223."
        ),
        (),
    ),
    Source(
        "MAJ08",
        (
            "Majlesi J, Togay H, Ünalan H, Toprak S. The sensitivity and specificity of the Slump and the "
            "Straight Leg Raising tests in patients with lumbar disc herniation. J Clin Rheumatol "
            "2008;14(2):87–91."
        ),
        (),
    ),
    Source(
        "VRO02",
        (
            "Vroomen PCAJ, de Krom MCTFM, Wilmink JT, Kester ADM, Knottnerus JA. Diagnostic value of history "
            "and physical examination in patients suspected of lumbosacral nerve root compression. J Neurol "
            "Neurosurg Psychiatry 2002;72(5):630–634."
        ),
        (),
    ),
    Source(
        "VER14",
        (
            "Verwoerd AJH, Peul WC, Willemsen SP, et al. Diagnostic accuracy of history taking to assess "
            "lumbosacral nerve root compression. Spine J 2014. https://repub.eur.nl/pub/71220"
        ),
        ("https://repub.eur.nl/pub/71220",),
    ),
    Source(
        "VER16",
        (
            "Verwoerd AJH, Mens J, el Barzouhi A, Peul WC, Koes BW, Verhagen AP. A diagnostic study in "
            "patients with sciatica establishing the importance of localization of worsening of pain during "
            "coughing, sneezing and straining. Eur Spine J 2016;25(5)."
        ),
        (),
    ),
    Source(
        "KOE07",
        (
            "Koes BW, van Tulder MW, Peul WC. Diagnosis and treatment of sciatica. BMJ 2007;334:1313–1317. "
            "Figures seen only in a GPnotebook summary whose reference (1) is believed, not confirmed, to be "
            "this paper: https://gpnotebook.com/en-gb/simplepage.cfm?ID=1611005999"
        ),
        ("https://gpnotebook.com/en-gb/simplepage.cfm?ID=1611005999",),
    ),
    Source(
        "FAIR",
        (
            "Fishman LM, Dombi GW, Michaelsen C, et al. Piriformis syndrome: diagnosis, treatment, and "
            "outcome. Arch Phys Med Rehabil 2002;83(3):295–301 (figures seen via "
            "https://orthofixar.com/special-test/piriformis-syndrome-test/)."
        ),
        ("https://orthofixar.com/special-test/piriformis-syndrome-test/",),
    ),
    Source(
        "FPN-SPST",
        ("FPnotebook. Seated piriformis stretch test. https://fpnotebook.com/Ortho/Exam/StdPrfrmsStrtchTst.htm"),
        ("https://fpnotebook.com/Ortho/Exam/StdPrfrmsStrtchTst.htm",),
    ),
    # Treatment trials
    Source(
        "DIG03",
        (
            "DiGiovanni BF, Nawoczenski DA, Lintal ME, et al. Tissue-specific plantar fascia-stretching "
            "exercise enhances outcomes in patients with chronic heel pain. J Bone Joint Surg Am "
            "2003;85(7):1270–1277."
        ),
        (),
    ),
    Source(
        "DIG06",
        (
            "DiGiovanni BF, Nawoczenski DA, Malay DP, et al. Plantar fascia-specific stretching exercise "
            "improves outcomes in patients with chronic plantar fasciitis: two-year follow-up. J Bone Joint "
            "Surg Am 2006;88(8):1775–1781."
        ),
        (),
    ),
    Source(
        "RAD07",
        (
            "Radford JA, Landorf KB, Buchbinder R, Cook C. Effectiveness of calf muscle stretching for the "
            "short-term treatment of plantar heel pain: a randomised trial. BMC Musculoskelet Disord "
            "2007;8:36."
        ),
        (),
    ),
    Source(
        "RAT15",
        (
            "Rathleff MS, Mølgaard CM, Fredberg U, et al. High-load strength training improves outcome in "
            "patients with plantar fasciitis: a randomized controlled trial with 12-month follow-up. Scand J "
            "Med Sci Sports 2015;25(3):e292–e300 (protocol details seen at "
            "https://www.goodfellowunit.org/gems/strengthening-exercise-better-stretching-plantar-fasciitis-after-3-months)."
        ),
        (
            "https://www.goodfellowunit.org/gems/strengthening-exercise-better-stretching-plantar-fasciitis-after-3-months",
        ),
    ),
    # Outcome measures
    Source(
        "SRA",
        (
            "Shirley Ryan AbilityLab Rehabilitation Measures Database: FAAM, FFI, LEFS, NPRS, ODI entries "
            "(seen on sralab.org and mirrors), e.g. "
            "https://www.sralab.org/rehabilitation-measures/foot-and-ankle-ability-measures ; "
            "https://www.sralab.org/rehabilitation-measures/foot-function-index"
        ),
        (
            "https://www.sralab.org/rehabilitation-measures/foot-and-ankle-ability-measures",
            "https://www.sralab.org/rehabilitation-measures/foot-function-index",
        ),
    ),
    Source(
        "BIN99",
        (
            "Binkley JM, Stratford PW, Lott SA, Riddle DL. The Lower Extremity Functional Scale (LEFS). Phys "
            "Ther 1999;79(4):371–383."
        ),
        (),
    ),
    Source(
        "MAR05",
        (
            "Martin RL, Irrgang JJ, Burdett RG, Conti SF, Van Swearingen JM. Evidence of validity for the "
            "Foot and Ankle Ability Measure (FAAM). Foot Ankle Int 2005;26(11):968–983."
        ),
        (),
    ),
    Source(
        "BUD13",
        (
            "Budiman-Mak E, Conrad KJ, Mazza J, Stuck RM. A review of the foot function index and the foot "
            "function index – revised. J Foot Ankle Res 2013;6:5."
        ),
        (),
    ),
    Source(
        "LAN08",
        (
            "Landorf KB, Radford JA. Minimal important difference: values for the Foot Health Status "
            "Questionnaire, Foot Function Index and Visual Analogue Scale. The Foot 2008;18(1):15–19."
        ),
        (),
    ),
    Source(
        "LAN10",
        (
            "Landorf KB, Radford JA, Hudson S. Minimal Important Difference (MID) of two commonly used "
            "outcome measures for foot problems. J Foot Ankle Res 2010;3:7."
        ),
        (),
    ),
    Source(
        "FAR01",
        (
            "Farrar JT, Young JP Jr, LaMoreaux L, Werth JL, Poole RM. Clinical importance of changes in "
            "chronic pain intensity measured on an 11-point numerical pain rating scale. Pain "
            "2001;94:149–158."
        ),
        (),
    ),
    Source(
        "SAL04",
        (
            "Salaffi F, Stancati A, Silvestri CA, Ciapetti A, Grassi W. Minimal clinically important changes "
            "in chronic musculoskeletal pain intensity measured on a numerical rating scale. Eur J Pain "
            "2004;8(4):283–291."
        ),
        (),
    ),
    Source(
        "OST08",
        (
            "Ostelo RW, Deyo RA, Stratford P, et al. Interpreting change scores for pain and functional "
            "status in low back pain. Spine 2008;33(1):90–94."
        ),
        (),
    ),
)

SOURCES: dict[str, Source] = {source.id: source for source in SOURCE_LIST}
