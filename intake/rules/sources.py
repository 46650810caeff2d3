"""The reference list behind the rules: source id -> full citation and links.

Every published source here is a primary one: a guideline from a national body or professional
society, an official NHS or NICE pathway, or a peer-reviewed trial, cohort, diagnostic study or
review. Two ids are not publications and say so in their citation text: ``SOURCE-DOC`` (the clinic's
own clinical description) and ``NO-SOURCE`` (a design choice of this clinic's rule set). The
citations are shown to staff on the About page, so they hold bibliographic facts only; how well each
claim is supported is the business of a rule's ``rationale``.
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
        """The main link (shown to staff), or an empty string when there is none."""
        return self.urls[0] if self.urls else ""


SOURCE_LIST: tuple[Source, ...] = (
    # Project sources without a publication
    Source(
        "SOURCE-DOC",
        (
            "The clinic's own clinical description, not a publication: how this clinic describes heel pain "
            "(plantar fasciitis) leading to back-of-thigh compensation, and what it expects in each care "
            "pathway. Rules that cite only this rest on the clinic's clinical experience, not on published "
            "research."
        ),
    ),
    Source(
        "NO-SOURCE",
        (
            "A design choice of this clinic's rule set (no published source): a threshold, weight, urgency "
            "level or wording that the clinic chose from common clinical practice because no guideline or "
            "study was found that settles it. Like every suggestion, it is reviewed by a physiotherapist."
        ),
    ),
    # Guidelines and pathways
    Source(
        "CPG14",
        (
            "Martin RL, Davenport TE, Reischl SF, McPoil TG, Matheson JW, Wukich DK, McDonough CM. Heel "
            "pain—plantar fasciitis: revision 2014. J Orthop Sports Phys Ther 2014;44(11):A1–A33. "
            "doi:10.2519/jospt.2014.0303"
        ),
        ("https://doi.org/10.2519/jospt.2014.0303",),
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
        "MOR21",
        (
            "Morrissey D, Cotchett M, Said J'Bari A, Prior T, Griffiths IB, Rathleff MS, Gulle H, Vicenzino "
            "B, Barton CJ. Management of plantar heel pain: a best practice guide informed by a systematic "
            "review, expert clinical reasoning and patient values. Br J Sports Med 2021;55(19):1106–1118. "
            "doi:10.1136/bjsports-2019-101970"
        ),
        ("https://doi.org/10.1136/bjsports-2019-101970",),
    ),
    Source(
        "ACFAS",
        (
            "Schneider HP, Baca JM, Carpenter BB, et al. American College of Foot and Ankle Surgeons clinical "
            "consensus statement: diagnosis and treatment of adult acquired infracalcaneal heel pain. J Foot "
            "Ankle Surg 2018;57(2):370–381."
        ),
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
            "NICE. Low back pain and sciatica in over 16s: assessment and management. NICE guideline NG59, "
            "2016, updated 2020."
        ),
        (
            "https://www.nice.org.uk/guidance/ng59/chapter/Recommendations",
            "https://nice.org.uk/guidance/ng59/ifp/chapter/Exercise-and-physical-activity",
        ),
    ),
    Source(
        "NG158",
        (
            "NICE. Venous thromboembolic diseases: diagnosis, management and thrombophilia testing. NICE "
            "guideline NG158, 2020."
        ),
        ("https://nice.org.uk/guidance/NG158/chapter/recommendations",),
    ),
    Source(
        "CKS",
        ("NICE Clinical Knowledge Summaries. Sciatica (lumbar radiculopathy): assessment, interpreting red flags."),
        (
            "https://cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy/",
            "http://www.cks.nhs.uk/sciatica_lumbar_radiculopathy/management/scenario_diagnosis/assessing_for_serious_risks_red_flags/interpreting_red_flags",
        ),
    ),
    Source(
        "GIRFT23",
        ("NHS England, Getting It Right First Time (GIRFT). National suspected cauda equina syndrome pathway, 2023."),
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
        "LOTH",
        (
            "NHS Lothian RefHelp. Serious lumbar spine conditions (red flags): musculoskeletal physiotherapy "
            "referral guideline, 2025."
        ),
        (
            "https://apps.nhslothian.scot/refhelp/guidelines/musculoskeletalphysiotherapy/lumbarspine/serious-lumbar-spine-conditions-red-flags/",
        ),
    ),
    Source(
        "GCARE",
        ("NHS Gloucestershire G-Care referral pathway. Red flags for spinal conditions."),
        ("https://g-care.glos.nhs.uk/pathway/75/resource/3",),
    ),
    Source(
        "SHEF",
        (
            "Sheffield Aches and Pains (NHS Sheffield musculoskeletal pathways for professionals). Red flags "
            "in spinal pain."
        ),
        ("https://professionals.sheffieldachesandpains.com/pathways/nerve-root-pain/red-flags-in-spinal-pain",),
    ),
    Source(
        "NG234",
        ("NICE. Spinal metastases and metastatic spinal cord compression. NICE guideline NG234, 2023."),
        ("https://www.nice.org.uk/guidance/ng234",),
    ),
    Source(
        "NG19",
        ("NICE. Diabetic foot problems: prevention and management. NICE guideline NG19, 2015, updated 2019."),
        ("https://www.nice.org.uk/guidance/ng19",),
    ),
    Source(
        "NG65",
        ("NICE. Spondyloarthritis in over 16s: diagnosis and management. NICE guideline NG65, 2017."),
        ("https://www.nice.org.uk/guidance/ng65",),
    ),
    Source(
        "RCOG37a",
        (
            "Royal College of Obstetricians and Gynaecologists. Reducing the risk of venous thromboembolism "
            "during pregnancy and the puerperium. Green-top Guideline No. 37a, 2015."
        ),
    ),
    Source(
        "FIN20",
        (
            "Finucane LM, Downie A, Mercer C, Greenhalgh SM, Boissonnault WG, Pool-Goudzwaard AL, Beneciuk "
            "JM, Leech RL, Selfe J. International framework for red flags for potential serious spinal "
            "pathologies. J Orthop Sports Phys Ther 2020;50(7):350–372. doi:10.2519/jospt.2020.9971"
        ),
        ("https://doi.org/10.2519/jospt.2020.9971",),
    ),
    Source(
        "DOW13",
        (
            "Downie A, Williams CM, Henschke N, Hancock MJ, Ostelo RWJG, de Vet HCW, Macaskill P, Irwig L, "
            "van Tulder MW, Koes BW, Maher CG. Red flags to screen for malignancy and fracture in patients "
            "with low back pain: systematic review. BMJ 2013;347:f7095. doi:10.1136/bmj.f7095"
        ),
        ("https://doi.org/10.1136/bmj.f7095",),
    ),
    Source(
        "STI93",
        (
            "Stiell IG, Greenberg GH, McKnight RD, et al. Decision rules for the use of radiography in acute "
            "ankle injuries: refinement and prospective validation. JAMA 1993;269(9):1127–1132."
        ),
    ),
    Source(
        "BAC03",
        (
            "Bachmann LM, Kolb E, Koller MT, Steurer J, ter Riet G. Accuracy of Ottawa ankle rules to exclude "
            "fractures of the ankle and mid-foot: systematic review. BMJ 2003;326(7386):417. "
            "doi:10.1136/bmj.326.7386.417"
        ),
        ("https://doi.org/10.1136/bmj.326.7386.417",),
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
            "chronic plantar heel pain: a matched case-control study. BMC Musculoskelet Disord 2007;8:41."
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
            "2011;4(3):141–144. doi:10.1177/1938640010397341"
        ),
        ("https://pubmed.ncbi.nlm.nih.gov/21368068/",),
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
            "systematic review. J Anat 2016;228(6):910–918."
        ),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC5341578",),
    ),
    Source(
        "WIL20",
        (
            "Wilke J, Debelle H, Tenberg S, Dilley A, Maganaris C. Ankle motion is associated with soft "
            "tissue displacement in the dorsal thigh. Front Physiol 2020;11:180."
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
            "fasciitis and windlass test results. Foot Ankle Int 2003;24(3):251–255."
        ),
    ),
    Source(
        "ULT20",
        (
            "Aggarwal P, Jirankali V, Garg SK. Evaluation of plantar fascia using high-resolution "
            "ultrasonography in clinically diagnosed cases of plantar fasciitis. Pol J Radiol "
            "2020;85:e375–e380. doi:10.5114/pjr.2020.97955"
        ),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC7425221",),
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
        "THO10",
        (
            "Thomas JL, Christensen JC, Kravitz SR, et al. The diagnosis and treatment of heel pain: a "
            "clinical practice guideline—revision 2010 (American College of Foot and Ankle Surgeons). J Foot "
            "Ankle Surg 2010;49(3 Suppl):S1–S19. doi:10.1053/j.jfas.2010.01.001"
        ),
        ("https://doi.org/10.1053/j.jfas.2010.01.001",),
    ),
    Source(
        "TU11",
        ("Tu P, Bytomski JR. Diagnosis of heel pain. Am Fam Physician 2011;84(8):909–916."),
    ),
    Source(
        "ALS08",
        (
            "Alshami AM, Souvlis T, Coppieters MW. A review of plantar heel pain of neural origin: "
            "differential diagnosis and management. Man Ther 2008;13(2):103–111. "
            "doi:10.1016/j.math.2007.01.014"
        ),
        ("https://pubmed.ncbi.nlm.nih.gov/17400020/",),
    ),
    Source(
        "AAOS10",
        (
            "Chiodo CP, Glazebrook M, Bluman EM, et al. Diagnosis and treatment of acute Achilles tendon "
            "rupture (American Academy of Orthopaedic Surgeons clinical practice guideline). J Am Acad Orthop "
            "Surg 2010;18(8):503–510."
        ),
    ),
    Source(
        "HUT13",
        (
            "Hutchison AM, Evans R, Bodger O, et al. What is the best clinical test for Achilles "
            "tendinopathy? Foot Ankle Surg 2013;19:112–117."
        ),
    ),
    # Hamstring
    Source(
        "HEI10",
        (
            "Heiderscheit BC, Sherry MA, Silder A, Chumanov ES, Thelen DG. Hamstring strain injuries: "
            "recommendations for diagnosis, rehabilitation, and injury prevention. J Orthop Sports Phys Ther "
            "2010;40(2):67–81."
        ),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC2867336",),
    ),
    Source(
        "KER13",
        (
            "Kerkhoffs GMMJ, van Es N, Wieldraaijer T, Sierevelt IN, Ekstrand J, van Dijk CN. Diagnosis and "
            "prognosis of acute hamstring injuries in athletes. Knee Surg Sports Traumatol Arthrosc "
            "2013;21(2):500–509."
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
            "2010;18(12):1798–1803."
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
        "TUR98",
        (
            "Turl SE, George KP. Adverse neural tension: a factor in repetitive hamstring strain? J Orthop "
            "Sports Phys Ther 1998;27(1):16–21."
        ),
        (),
    ),
    Source(
        "COL",
        ("Colosimo AJ, Wyatt HM, Frank KA, Mangine RE. Hamstring avulsion injuries. Oper Tech Sports Med."),
    ),
    Source(
        "GOO16",
        (
            "Goom TSH, Malliaras P, Reiman MP, Purdam CR. Proximal hamstring tendinopathy: clinical aspects "
            "of assessment and management. J Orthop Sports Phys Ther 2016;46(6):483–493. "
            "doi:10.2519/jospt.2016.5986"
        ),
        ("https://pubmed.ncbi.nlm.nih.gov/27084841/",),
    ),
    Source(
        "ROS01",
        (
            "Rossi F, Dragoni S. Acute avulsion fractures of the pelvis in adolescent competitive athletes: "
            "prevalence, location and sports distribution of 203 cases collected. Skeletal Radiol "
            "2001;30:127–131."
        ),
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
            "review and meta-analysis. Bone Jt Open 2022;3(5). doi:10.1302/2633-1462.35.BJO-2021-0196.R1"
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
            "lumbosacral nerve root compression. Spine J 2014."
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
        ("Koes BW, van Tulder MW, Peul WC. Diagnosis and treatment of sciatica. BMJ 2007;334(7607):1313–1317."),
    ),
    Source(
        "FAIR",
        (
            "Fishman LM, Dombi GW, Michaelsen C, et al. Piriformis syndrome: diagnosis, treatment, and "
            "outcome—a 10-year study. Arch Phys Med Rehabil 2002;83(3):295–301."
        ),
    ),
    Source(
        "MARH14",
        (
            "Martin HD, Kivlan BR, Palmer IJ, Martin RL. Diagnostic accuracy of clinical tests for sciatic "
            "nerve entrapment in the gluteal region. Knee Surg Sports Traumatol Arthrosc 2014;22(4):882–888."
        ),
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
            "Med Sci Sports 2015;25(3):e292–e300."
        ),
    ),
    # Outcome measures
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
